// judge-examples.jsonl: outputs the staff scored by hand, one a line, that calibrate a judged
// task's judge. Each line holds the case fields the judge sees (the task's input fields and, when
// the rubric uses one, the reference field), the `output` to grade and the staff's `score` in 0..1.
// Staff-only: it is never served to students (the task view copies declared fields only).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from '../core/json.js';
import { inputFields, type Task, type TaskCase } from '../core/task.js';

export const JUDGE_EXAMPLES_FILE = 'judge-examples.jsonl';

const ExampleLineSchema = z.object({ id: z.string().min(1), output: z.string(), score: z.number().min(0).max(1) }).catchall(JsonValueSchema);

export type JudgeExample = { id: string; testCase: TaskCase; output: string; score: number };

export type LoadedExamples = { examples: JudgeExample[]; problems: string[] };

export function loadJudgeExamples(task: Task, displayRoot?: string): LoadedExamples {
  const file = path.join(task.dir, JUDGE_EXAMPLES_FILE);
  const shown = displayRoot ? path.relative(displayRoot, file) : file;
  if (!fs.existsSync(file)) return { examples: [], problems: [`${shown} is missing: a judged task needs staff examples with known scores`] };
  const examples: JudgeExample[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      if (!raw.trim()) return;
      const where = `${shown} line ${index + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        problems.push(`${where}: not valid JSON`);
        return;
      }
      const parsed = ExampleLineSchema.safeParse(value);
      if (!parsed.success) {
        problems.push(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`);
        return;
      }
      const { id, output, score, ...fields } = parsed.data;
      if (ids.has(id)) problems.push(`${where}: id "${id}" is used twice`);
      ids.add(id);
      const inputs: Record<string, string> = {};
      for (const field of inputFields(task)) {
        const text = fields[field];
        if (typeof text !== 'string') problems.push(`${where}: "${field}" must be a string (the case input the judge reads)`);
        else inputs[field] = text;
      }
      const extra = Object.fromEntries(Object.entries(fields).filter(([key]) => !(key in inputs))) as Record<string, JsonValue>;
      const expected = fields[task.fields.expected] ?? null;
      examples.push({ id, output, score, testCase: { id, split: 'dev', inputs, expected: expected as JsonValue, extra } });
    });
  return { examples, problems };
}
