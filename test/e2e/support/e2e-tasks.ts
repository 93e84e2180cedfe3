// The tasks the browser test uses: copies of shipped tasks (text, CLIP classification and retrieval,
// and the two study tasks with the tasks whose cases they use) in a temp tasks folder, with an
// assignment listing them, so the pages show real descriptions and real study rules.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
export const TEXT_TASK = 'sentiment';
export const IMAGE_TASK = 'emoji';
export const RETRIEVAL_TASK = 'text-to-image-retrieval';
/** A study of three prompts on one model, on the sentiment cases (casesFrom: sentiment). */
export const STUDY_TASK = 'prompt-development';
/** A study with roles (small/larger/base/instruction-tuned), on the arithmetic cases. */
export const ROLES_TASK = 'model-comparison';
const CASES_ONLY = 'arithmetic';
/** Listed long past its due date: submissions are late, with the capped penalty (extensions are tried on it). */
export const LATE_TASK = CASES_ONLY;
export const LATE_TASK_TITLE = 'Arithmetic in the style of GPT-3';
/** Its copy has no README.zh-CN.md: in Chinese, its page shows the English one, marked "English only". */
export const ENGLISH_ONLY_TASK = CASES_ONLY;

export function prepareE2eTasks(): { tasksDir: string; hiddenInputs: string[]; devInputs: string[] } {
  const tasksDir = mkdtempSync(path.join(tmpdir(), 'sandbox-e2e-tasks-'));
  for (const task of [TEXT_TASK, IMAGE_TASK, RETRIEVAL_TASK, STUDY_TASK, ROLES_TASK, CASES_ONLY, '_shared']) {
    const from = path.join(root, 'tasks', task);
    try {
      cpSync(from, path.join(tasksDir, task), { recursive: true });
    } catch (error) {
      if (task !== '_shared') throw error; // _shared only holds generator helpers
    }
  }
  rmSync(path.join(tasksDir, ENGLISH_ONLY_TASK, 'README.zh-CN.md'));
  mkdirSync(path.join(tasksDir, 'assignments'));
  writeFileSync(
    path.join(tasksDir, 'assignments', 'e2e.yaml'),
    [
      'id: e2e',
      'title: Early assignment (browser test)',
      // English only (a plain string): in Chinese, the home page marks it "English only".
      'description: Text and image-text tasks, and two studies.',
      // Due dates are shown in this zone; the arithmetic task is long past due (late, capped penalty).
      'timeZone: America/Los_Angeles',
      'tasks:',
      `  - { task: ${TEXT_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${IMAGE_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${RETRIEVAL_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${STUDY_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${ROLES_TASK}, points: 10, due: "2099-12-15T23:59:00-08:00" }`,
      `  - { task: ${LATE_TASK}, points: 10, due: "2020-01-10T23:59:00-08:00", late: { kind: per-day, percent: 1, cap: 30 } }`,
      '',
    ].join('\n'),
  );
  const inputsOf = (task: string, split: string) =>
    readFileSync(path.join(tasksDir, task, `${split}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  // A hidden case is identified by its input: the review text (the prompt-development study's too),
  // an arithmetic question (the model-comparison study's), the image file of an emoji case, a
  // retrieval query (and the hidden gallery image it expects).
  const hiddenInputs = [
    ...inputsOf(TEXT_TASK, 'test').map((c) => String(c.review)),
    ...inputsOf(CASES_ONLY, 'test').map((c) => String(c.question)),
    ...inputsOf(IMAGE_TASK, 'test').map((c) => String(c.image)),
    ...inputsOf(RETRIEVAL_TASK, 'test').flatMap((c) => [String(c.query), String(c.image)]),
  ];
  const devInputs = inputsOf(TEXT_TASK, 'dev').map((c) => String(c.review));
  return { tasksDir, hiddenInputs, devInputs };
}
