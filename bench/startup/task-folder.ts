// A task folder on disk with N hidden cases, for runs of the real `sandbox grade` command: the same
// task as bench/grading's synthetic one (the fake server echoes the case's last word, so every
// answer is right and the grade checks that nothing was lost), plus the models.yaml naming the fake
// server and the program to grade.
import fs from 'node:fs';
import path from 'node:path';
import { benchProgram, syntheticTask } from '../grading/synthetic-task.js';

const TASK_YAML = `id: bench
version: 1
title: Benchmark
description: synthetic
modality: text
models: [bench-chat]
fields:
  input: text
  expected: answer
limits:
  maxPromptTokens: 4096
  maxOutputTokens: 16
evaluators:
  - name: exact-match
metric:
  aggregate: accuracy
points:
  max: 10
  baseline: 0
  target: 1
`;

const jsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

/** Writes <dir>/tasks/bench (cases hidden cases, two dev cases), <dir>/models.yaml and <dir>/program.json. */
export function writeBenchFolder(dir: string, cases: number, serverUrl: string): { tasksDir: string; modelsConfig: string; program: string } {
  const task = syntheticTask(cases);
  const taskDir = path.join(dir, 'tasks', 'bench');
  fs.mkdirSync(taskDir, { recursive: true });
  fs.writeFileSync(path.join(taskDir, 'task.yaml'), TASK_YAML);
  fs.writeFileSync(path.join(taskDir, 'README.md'), '# Benchmark\n\nRepeat the last word.\n');
  fs.writeFileSync(path.join(taskDir, 'dev.jsonl'), jsonl([0, 1].map((i) => ({ id: `dev-${i}`, text: `Repeat the word d${i}`, answer: `d${i}` }))));
  fs.writeFileSync(path.join(taskDir, 'test.jsonl'), jsonl(task.test.map((c) => ({ id: c.id, text: c.inputs.text, answer: c.expected }))));
  const modelsConfig = path.join(dir, 'models.yaml');
  fs.writeFileSync(
    modelsConfig,
    `providers:\n  fake: { type: openai, baseURL: ${serverUrl}, apiKeyEnv: BENCH_KEY }\nmodels:\n  - { id: bench-chat, provider: fake, kind: text, style: chat }\n`,
  );
  const program = path.join(dir, 'program.json');
  fs.writeFileSync(program, JSON.stringify({ ...benchProgram, task: 'bench' }));
  return { tasksDir: path.join(dir, 'tasks'), modelsConfig, program };
}
