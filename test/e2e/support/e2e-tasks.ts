// The tasks the browser test uses: copies of two shipped tasks (a text task and a CLIP task, so
// the pages show real descriptions) in a temp tasks folder with an assignment listing them.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
export const TEXT_TASK = 'sentiment';
export const IMAGE_TASK = 'emoji';
export const RETRIEVAL_TASK = 'text-to-image-retrieval';

export function prepareE2eTasks(): { tasksDir: string; hiddenInputs: string[]; devInputs: string[] } {
  const tasksDir = mkdtempSync(path.join(tmpdir(), 'sandbox-e2e-tasks-'));
  for (const task of [TEXT_TASK, IMAGE_TASK, RETRIEVAL_TASK, '_shared']) {
    const from = path.join(root, 'tasks', task);
    try {
      cpSync(from, path.join(tasksDir, task), { recursive: true });
    } catch (error) {
      if (task !== '_shared') throw error; // _shared only holds generator helpers
    }
  }
  mkdirSync(path.join(tasksDir, 'assignments'));
  writeFileSync(
    path.join(tasksDir, 'assignments', 'e2e.yaml'),
    [
      'id: e2e',
      'title: Early assignment (browser test)',
      'description: A text task and an image-text task.',
      'tasks:',
      `  - { task: ${TEXT_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${IMAGE_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${RETRIEVAL_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      '',
    ].join('\n'),
  );
  const inputsOf = (task: string, split: string) =>
    readFileSync(path.join(tasksDir, task, `${split}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  // A hidden case is identified by its input: the review text, the image file of an emoji case,
  // a retrieval query (and the hidden gallery image it expects).
  const hiddenInputs = [
    ...inputsOf(TEXT_TASK, 'test').map((c) => String(c.review)),
    ...inputsOf(IMAGE_TASK, 'test').map((c) => String(c.image)),
    ...inputsOf(RETRIEVAL_TASK, 'test').flatMap((c) => [String(c.query), String(c.image)]),
  ];
  const devInputs = inputsOf(TEXT_TASK, 'dev').map((c) => String(c.review));
  return { tasksDir, hiddenInputs, devInputs };
}
