// The attack: submit a program padded one word at a time around the prompt-token limit and read
// the refusals. If a refusal counted or measured the hidden cases ("N hidden test cases over the
// limit"), the padding at which they start to be refused would give away the hidden inputs'
// lengths. The limit is checked with the dev inputs only: every refusal says the same words with a
// number a student can compute from the dev cases, and acceptance is the same whatever the hidden
// inputs are. `tasks check` proves that no hidden input is longer than the dev ones, so what fits
// on dev fits on the hidden cases; a task where one is much longer is flagged, with its case id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { createCatalog } from '../../server/catalog/catalog.js';
import { checkHiddenInputLengths } from '../../server/soundness/hidden-input-lengths.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask, registryFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const LIMIT = task.limits.maxPromptTokens;
/** A hidden review about 600 tokens long: far longer than any dev review. */
const LONG_REVIEW = `${'The blender is loud but it crushes ice well and I would buy it again. '.repeat(40)}I love it.`;

let fake: FakeOpenAIServer;
let tmp: string;
/** The fixture task as it is, and a copy whose first hidden input is LONG_REVIEW. */
let plain: TestSandbox;
let longHidden: TestSandbox;
let longHiddenDir: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-limit', respond: sentimentOracle(task, new Set()) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'limit-refusal-'));
  longHiddenDir = path.join(tmp, 'tasks');
  fs.cpSync(path.join(fixtureTasksDir, 'sentiment'), path.join(longHiddenDir, 'sentiment'), { recursive: true });
  const testFile = path.join(longHiddenDir, 'sentiment', 'test.jsonl');
  const lines = fs.readFileSync(testFile, 'utf8').trim().split('\n');
  lines[0] = JSON.stringify({ id: 'test-001', review: LONG_REVIEW, label: 'positive' });
  fs.writeFileSync(testFile, `${lines.join('\n')}\n`);
  plain = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-limit' });
  longHidden = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-limit', tasksDir: longHiddenDir });
});

afterAll(async () => {
  await plain.stop();
  await longHidden.stop();
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const padded = (words: number) => ({ ...chatProgram, instruction: `${chatProgram.instruction} ${'word '.repeat(words)}`.trim() });

/** What a student can compute without any hidden case: the program's prompt tokens with the longest dev input. */
async function longestDevTokens(sandbox: TestSandbox, program: object): Promise<number> {
  const student = sandbox.student('Vis Ible');
  let longest = 0;
  for (const devCase of task.dev) {
    const rendered = await request(sandbox.app)
      .post('/api/render')
      .set(student.auth)
      .send({ taskId: 'sentiment', program, case: { caseId: devCase.id } })
      .expect(200);
    longest = Math.max(longest, rendered.body.promptTokens as number);
  }
  return longest;
}

describe('prompt-length refusals carry no information about hidden cases', () => {
  it('a padding sequence around the limit: refusals are identical but for the visible token count, and acceptance is the same with or without a long hidden input', async () => {
    // Find the padding at which the longest dev prompt reaches the limit (one "word" is one token).
    const base = await longestDevTokens(plain, padded(0));
    const perWord = (await longestDevTokens(plain, padded(100))) - base;
    expect(perWord).toBeGreaterThan(0);
    const atLimit = Math.floor((LIMIT - base) / (perWord / 100));
    const paddings = [...Array.from({ length: 9 }, (_, i) => atLimit - 4 + i), atLimit + 40, atLimit + 400];

    const outcomes: { words: number; plain: string; longHidden: string }[] = [];
    const refusals: string[] = [];
    for (const words of paddings) {
      const program = padded(words);
      const visible = await longestDevTokens(plain, program);
      const answers: string[] = [];
      for (const sandbox of [plain, longHidden]) {
        const student = sandbox.student(`Pad ${words}`);
        const response = await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program });
        if (visible <= LIMIT) {
          expect(response.status, `${words} words, ${visible} tokens`).toBe(202);
          answers.push('accepted');
        } else {
          expect(response.status, `${words} words, ${visible} tokens`).toBe(422);
          const message = response.body.error.message as string;
          // The only number is the one the student computes from the dev cases.
          expect(message).toBe(
            `your prompt is too long: with the longest dev input it has ${visible} tokens; this task allows at most ${LIMIT}. Shorten the instruction, or use fewer or shorter examples`,
          );
          expect(response.body.error.details).toEqual({ problems: [message] });
          // Said by code with the same visible number and nothing else.
          expect(response.body.error.said).toEqual([{ code: 'program.prompt_too_long', params: { tokens: visible, limit: LIMIT } }]);
          refusals.push(JSON.stringify(response.body).replaceAll(`has ${visible} tokens`, 'has N tokens').replaceAll(`"tokens":${visible},`, '"tokens":N,'));
          answers.push('refused');
        }
      }
      outcomes.push({ words, plain: answers[0]!, longHidden: answers[1]! });
    }
    // The sequence crossed the limit: some accepted, some refused.
    expect(outcomes.some((o) => o.plain === 'accepted') && outcomes.some((o) => o.plain === 'refused')).toBe(true);
    // A hidden input 40 times longer than any other changes no answer.
    for (const outcome of outcomes) expect(outcome.longHidden, `${outcome.words} words`).toBe(outcome.plain);
    // Byte-identical refusals modulo the visible count, whatever the padding.
    expect(refusals.length).toBeGreaterThanOrEqual(4);
    expect(new Set(refusals).size).toBe(1);
    await plain.services.queue.idle();
    await longHidden.services.queue.idle();
  });

  it('a program that fits with every dev input is graded on every hidden case, even one over the limit', async () => {
    const base = await longestDevTokens(longHidden, padded(0));
    const perWord = (await longestDevTokens(longHidden, padded(100))) - base;
    const program = padded(Math.floor((LIMIT - base) / (perWord / 100)) - 2);
    expect(await longestDevTokens(longHidden, program)).toBeLessThanOrEqual(LIMIT);
    const student = longHidden.student('Fits Dev');
    const id = (await request(longHidden.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program }).expect(202)).body.submission
      .id as string;
    await longHidden.services.queue.idle();
    const submission = (await longHidden.services.submissions.get(id))!;
    expect(submission.status).toBe('graded');
    expect(submission.report!.counts).toMatchObject({ total: task.test.length, errored: 0 });
  });

  it('tasks check flags a task whose hidden input is longer than every dev input, naming the case for staff; the fixture task passes', () => {
    const models = registryFor(fake.url, 'k-limit');
    const catalogOf = (dir: string) => createCatalog({ tasksDir: dir, getEvaluator, evaluatorNames: evaluatorNames() });
    const flagged = checkHiddenInputLengths(catalogOf(longHiddenDir).task('sentiment'), models);
    expect(flagged.status).toBe('fail');
    // Measured in each allowed model's tokens (the fake server's models count like OpenAI's).
    expect(flagged.problems.length).toBeGreaterThanOrEqual(1);
    for (const problem of flagged.problems)
      expect(problem).toMatch(
        /^\S+: hidden case test-001 \(\d+\) longer than the longest dev input \(\d+ tokens\) plus 8; .*Add a dev case at least as long, or move the case to the dev split$/,
      );
    const passing = checkHiddenInputLengths(catalogOf(fixtureTasksDir).task('sentiment'), models);
    expect(passing).toMatchObject({ status: 'ok', problems: [] });
    expect(passing.summary).toMatch(/no hidden input is longer than the longest dev input .* measured with gpt-4o-mini; davinci-002/);
  });
});
