import fs from 'node:fs';
import { AssignmentSchema, type Assignment } from '../core/task.js';
import { displayPath, formatZodIssues, parseYamlWithLines } from './format-problems.js';

export function loadAssignmentFile(
  file: string,
  taskIds: Set<string>,
  displayRoot?: string,
): { assignment: Assignment | null; problems: string[] } {
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
  return problems.length ? { assignment: null, problems } : { assignment: result.data, problems: [] };
}
