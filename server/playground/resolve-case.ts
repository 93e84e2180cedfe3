// Which inputs a playground request runs on: a *dev* case by id, the student's own inputs, or by
// default the first dev case. A test case id is answered exactly like an unknown id, so the
// playground cannot be used to probe the hidden split.
import { NotFound, SandboxError } from '../core/errors.js';
import { inputFields, type Task, type TaskCase } from '../core/task.js';
import { say } from '../shared/messages/say.js';

export type CaseRef = { caseId: string } | { inputs: Record<string, string> };

export function resolveCase(task: Task, ref: CaseRef | undefined): { inputs: Record<string, string>; devCase: TaskCase | null } {
  if (!ref) {
    const first = task.dev[0];
    if (!first) throw new NotFound('case', `task ${task.id} has no dev cases; give inputs to run on`, say('not_found.dev_cases', { task: task.id }));
    return { inputs: first.inputs, devCase: first };
  }
  if ('caseId' in ref) {
    const found = task.dev.find((c) => c.id === ref.caseId);
    if (!found) {
      const caseId = ref.caseId.slice(0, 80);
      throw new NotFound('case', `task ${task.id} has no dev case "${caseId}"`, say('not_found.dev_case', { task: task.id }));
    }
    return { inputs: found.inputs, devCase: found };
  }
  const fields = inputFields(task);
  const missing = fields.filter((field) => typeof ref.inputs[field] !== 'string');
  if (missing.length) {
    const names = missing.map((f) => `"${f}"`).join(', ');
    throw new SandboxError(
      'bad_request',
      `inputs must give ${names} (this task's input field${fields.length > 1 ? 's are' : ' is'} ${fields.join(', ')})`,
      undefined,
      [say('request.inputs_missing', { missing: names, fields: fields.join(', ') })],
    );
  }
  return { inputs: Object.fromEntries(fields.map((field) => [field, ref.inputs[field]!])), devCase: null };
}
