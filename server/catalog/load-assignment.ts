import fs from 'node:fs';
import { AssignmentSchema, type Assignment } from '../core/task.js';
import { resolveDeadline } from './resolve-deadline.js';
import { displayPath, formatZodIssues, parseYamlWithLines } from './format-problems.js';

export function loadAssignmentFile(file: string, taskIds: Set<string>, displayRoot?: string): { assignment: Assignment | null; problems: string[] } {
  const label = displayPath(file, displayRoot);
  const parsed = parseYamlWithLines(fs.readFileSync(file, 'utf8'), label);
  if (parsed.problems.length) return { assignment: null, problems: parsed.problems };
  const result = AssignmentSchema.safeParse(parsed.value ?? {});
  if (!result.success) return { assignment: null, problems: formatZodIssues(result.error, label, { lineOf: parsed.lineOf }) };
  const problems: string[] = [];
  const expectedId = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  if (result.data.id !== expectedId) problems.push(`${label} (id): is "${result.data.id}" but the file is ${expectedId}.yaml; they must match`);
  result.data.tasks.forEach((entry, index) => {
    if (!taskIds.has(entry.task)) {
      const line = parsed.lineOf(['tasks', index, 'task']);
      problems.push(`${label}${line ? ` line ${line}` : ''} (tasks[${index}].task): no valid task "${entry.task}" in the tasks folder`);
    }
  });
  // Deadline problems (zone, offsets, cutoff before due) point at the line that set the value.
  const reported = new Set<string>();
  result.data.tasks.forEach((_, index) => {
    for (const problem of resolveDeadline(result.data, index).problems) {
      const line = parsed.lineOf(problem.path);
      const text = `${label}${line ? ` line ${line}` : ''} (${problem.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p))).join('')}): ${problem.message}`;
      if (!reported.has(text)) reported.add(text), problems.push(text);
    }
  });
  return problems.length ? { assignment: null, problems } : { assignment: result.data, problems: [] };
}
