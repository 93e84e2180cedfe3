// End to end in real Chromium against the real server (child process, SQLite in a temp dir,
// generated tiny local models, offline): staff signs in through the printed URL and imports a
// roster; a student signs in with their token, builds a few-shot program, runs it, compares two
// models, submits and reads the report (dev cases in detail, hidden ones as counts); submits a
// study from Compare and reads its comparison; the CLIP playground classifies an upload and
// searches its gallery by text; the UI switches to Chinese, task descriptions with it (English where
// a task has no Chinese one, marked "English only"). Screenshots go to test-output/screenshots/ (`npm run screenshots:docs` also writes
// the README's to docs/screenshots/). No hidden test input may reach the browser.
// Each case stands on its own: its own browsers, signed in for it (staff through a one-time link,
// students created for it through the roster API), and its own drafts and submissions; only the
// server, its tasks and models are shared. The last two cases audit what every browser saw.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type BrowserContext, type Page, request as playwrightRequest } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareTinyModels } from '../support/tiny-models.js';
import { requireChromium } from './support/chromium.js';
import {
  ENGLISH_ONLY_TASK,
  IMAGE_TASK,
  LATE_TASK,
  LATE_TASK_TITLE,
  prepareE2eTasks,
  RETRIEVAL_TASK,
  ROLES_TASK,
  STUDY_TASK,
  TEXT_TASK,
} from './support/e2e-tasks.js';
import { ALLOWED_ENGLISH, englishSentences } from './support/english-sentences.js';
import { flatPng } from './support/flat-png.js';
import { ResponseRecorder } from './support/response-recorder.js';
import { startSandboxServer, type RunningServer } from './support/sandbox-server.js';
import { createSessions, type Student } from './support/sessions.js';

const root = path.resolve(import.meta.dirname, '../..');
const screenshots = path.join(root, 'test-output/screenshots');
const docsScreenshots = path.join(root, 'docs/screenshots');
const updateDocs = Boolean(process.env.UPDATE_DOCS_SCREENSHOTS);

let server: RunningServer;
let serverEnv: Record<string, string>;
/** Staff, signed in once before the cases, only to create each case's students. */
let admin: APIRequestContext;
let tasks: ReturnType<typeof prepareE2eTasks>;
let dataDir: string;
const staffContexts = new Set<BrowserContext>();
/** What the students' browser saw: no hidden case may be in it. */
const recorder = new ResponseRecorder();
/** What the staff browser saw: staff reports show hidden cases in full (and must). */
const staffRecorder = new ResponseRecorder();
/** What Chromium reported as blocked by the server's Content-Security-Policy, on any page. */
const cspViolations: string[] = [];

const sessions = createSessions({
  server: () => server,
  env: () => serverEnv,
  onOpen: (context, role) => {
    if (role === 'staff') staffContexts.add(context);
    (role === 'staff' ? staffRecorder : recorder).attach(context);
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
  },
});

/** A new student with this name (unique in the file), signed in in a browser of their own. */
async function studentPage(name: string): Promise<{ page: Page; who: Student }> {
  const who = await sessions.student(admin, name);
  const { page } = await sessions.signedIn(who);
  return { page, who };
}

/** A draft on the text task that can be submitted: a local model and an instruction, saved. */
async function textDraft(page: Page): Promise<void> {
  await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
  await page.getByLabel('Model', { exact: true }).selectOption('distilgpt2');
  await page.getByLabel('Instruction').fill('Classify the sentiment of the review as positive or negative.');
  await expect.poll(() => page.getByText('Draft saved').count()).toBe(1);
}

/** Submits the text draft and waits for its report; returns the report's path. */
async function submitText(page: Page): Promise<string> {
  await textDraft(page);
  await page.getByRole('button', { name: 'Submit…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit for grading' }).click();
  await page.waitForURL(/\/submissions\//);
  await page.getByRole('heading', { name: 'Evaluators' }).waitFor({ timeout: 90_000 });
  return new URL(page.url()).pathname;
}

const studyReflection =
  'The few-shot prompt did best on the dev cases because the examples showed the model the exact answer format, while the zero-shot prompt often rambled instead of answering. 三个提示词在同一个模型上比较，少样本提示的错误最少，零样本提示经常答非所问。';

/** Submits a three-variant study from Compare and waits for its graded report; returns its path. */
async function submitStudy(page: Page): Promise<string> {
  await page.goto(`${server.origin}/tasks/${STUDY_TASK}/compare`);
  await page.getByLabel('Model', { exact: true }).selectOption('qwen1.5-0.5b-chat');
  const instructions = page.getByLabel('Instruction');
  await instructions.nth(0).fill('Is the review positive or negative?');
  await instructions.nth(1).fill('Label the sentiment of the review.');
  await instructions.nth(2).fill('Answer with one word: positive or negative.');
  await page.getByLabel(/Dev cases/).fill('4');
  await page.getByRole('button', { name: /Run 3 columns on 4 cases/ }).click();
  await page.getByTestId('bar-chart').waitFor({ timeout: 60_000 });
  await page.getByLabel('Reflection', { exact: true }).fill(studyReflection);
  await expect.poll(() => page.getByRole('button', { name: 'Submit the study…' }).isEnabled()).toBe(true);
  await page.getByRole('button', { name: 'Submit the study…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit for grading' }).click();
  await page.waitForURL(/\/submissions\//);
  await page.getByTestId('study-summary').waitFor({ timeout: 120_000 });
  return new URL(page.url()).pathname;
}

/**
 * Full-page PNG in test-output/screenshots; with UPDATE_DOCS_SCREENSHOTS=1 also one screen of it
 * (JPEG, small enough to commit) in docs/screenshots for the README, scrolled to `docs.at`.
 */
async function shot(target: Page, name: string, docs?: { at?: string }): Promise<void> {
  await (staffContexts.has(target.context()) ? staffRecorder : recorder).snapshot(target);
  // A sticky header would be painted mid-page in a full-page capture. Set through the DOM (CSSOM),
  // not a <style> element: the app's Content-Security-Policy allows no inline style sheets.
  const unstick = (on: boolean) =>
    target.evaluate(
      `document.querySelectorAll('.top-bar, .task-description').forEach((el) => { for (const p of ['position', 'max-height']) ${on ? "el.style.setProperty(p, p === 'position' ? 'static' : 'none', 'important')" : 'el.style.removeProperty(p)'}; })`,
    );
  await unstick(true);
  await target.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  await unstick(false);
  if (!updateDocs || !docs) return;
  mkdirSync(docsScreenshots, { recursive: true });
  const at = docs.at ? `document.querySelector(${JSON.stringify(docs.at)})` : 'null';
  await target.evaluate(`(${at})?.scrollIntoView({ block: 'start' }); if (${at}) window.scrollBy(0, -64); else window.scrollTo(0, 0);`);
  await target.screenshot({ path: path.join(docsScreenshots, `${name}.jpg`), type: 'jpeg', quality: 82 });
  await target.evaluate('window.scrollTo(0, 0)');
}

describe('the sandbox in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    requireChromium(); // fails the suite (not a skip) when the browser is missing
    mkdirSync(screenshots, { recursive: true });
    // The app the server serves is built from the current sources.
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], {
      cwd: root,
      stdio: 'inherit',
      // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    tasks = prepareE2eTasks();
    dataDir = mkdtempSync(path.join(tmpdir(), 'sandbox-e2e-data-'));
    const models = await prepareTinyModels();
    serverEnv = { ...models.env, SANDBOX_TASKS_DIR: tasks.tasksDir, SANDBOX_DATA_DIR: dataDir };
    server = await startSandboxServer(serverEnv);
    // Not the printed link (the first case signs in with it): a link of its own from the CLI.
    admin = await playwrightRequest.newContext();
    const signedIn = await admin.get(sessions.staffLink());
    if (!signedIn.ok()) throw new Error(`staff sign-in for setup failed: ${signedIn.status()}`);
  }, 120_000);

  afterEach(() => sessions.closeAll());

  afterAll(async () => {
    await sessions.closeAll();
    await admin?.dispose();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (tasks) rmSync(tasks.tasksDir, { recursive: true, force: true });
  });

  it('staff signs in through the printed one-time URL and imports a roster', async () => {
    const { page: staffPage } = await sessions.browser('staff');
    await staffPage.goto(server.signInUrl);
    await staffPage.getByRole('link', { name: 'Staff' }).click();
    await staffPage.getByLabel('Roster CSV').fill('email,name,section\nada@example.edu,Ada Lovelace,A\nalan@example.edu,Alan Turing,B\n');
    await staffPage.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => staffPage.getByText('2 students added').count()).toBe(1);
    const adaToken = await staffPage.getByTestId('token-ada@example.edu').inputValue();
    expect(adaToken.length).toBeGreaterThanOrEqual(10);
    await staffPage.getByTestId('students').getByText('Alan Turing').waitFor();
    // Model health for staff: the unreachable OpenAI address, with what to check (never shown to students).
    const unreachable = staffPage.locator('tr[data-model-state="unreachable"]').filter({ hasText: 'gpt-4o-mini' });
    await unreachable.waitFor();
    expect(await unreachable.textContent()).toContain('127.0.0.1:9');
    expect(await staffPage.locator('tr[data-model-state="ready"]').filter({ hasText: 'distilgpt2' }).count()).toBe(1);
    await shot(staffPage, 'staff', {});
  });

  it('a student signs in with the token and sees the assignment with the budget meter', async () => {
    const who = await sessions.student(admin, 'Annie Easley');
    // A staff link, already used, opened again: a normal page saying how to get a new one.
    const usedLink = sessions.staffLink();
    expect((await admin.get(usedLink)).ok()).toBe(true);
    const { page } = await sessions.browser('student');
    await page.goto(usedLink);
    await page.waitForURL(/\/signin\?link=used$/);
    await page.getByText('This sign-in link was already used or has expired.').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('sandbox staff sign-in');
    await page.goto(server.origin);
    await page.getByLabel('Personal access token').waitFor();
    await shot(page, 'sign-in', {});
    await page.getByLabel('Personal access token').fill('not-a-real-token-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This token was not accepted').waitFor();
    await page.getByLabel('Personal access token').fill(who.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Assignments' }).waitFor();
    await page.getByText(who.name).waitFor();
    await page.getByRole('region', { name: 'Your budget' }).waitFor();
    await page
      .getByRole('link', { name: /Sentiment/ })
      .first()
      .waitFor();
    await shot(page, 'home', {});
  });

  it('builds a few-shot text program with a live preview, runs it on one input and on the dev split', async () => {
    const { page } = await studentPage('Grace Hopper');
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    // The task lists OpenAI models first, and nothing answers at their address here (the server's
    // start-up probe found it refusing): they are greyed, and the program starts on the first
    // usable model instead of one that can only fail.
    const picker = page.getByLabel('Model', { exact: true });
    await expect.poll(() => picker.inputValue()).toBe('gpt2');
    const greyed = picker.locator('option[value="gpt-4o-mini"]');
    expect(await greyed.isDisabled()).toBe(true);
    expect(await greyed.textContent()).toContain('not available on this server');
    expect(await picker.locator('option[value="distilgpt2"]').isDisabled()).toBe(false);
    await picker.selectOption('distilgpt2');
    const preview = page.getByTestId('prompt-preview');
    await preview.waitFor();
    await page.getByLabel('Instruction').fill('Classify the sentiment of the review as positive or negative.');
    await expect.poll(() => preview.textContent()).toContain('Classify the sentiment of the review');
    const tokensBefore = await page.getByTestId('token-count').textContent();
    // Four label-balanced examples from the dev pool.
    await page.getByText(/Pick from the dev pool/).click();
    await page.getByLabel('How to pick').selectOption('balanced');
    await page.getByLabel('How many').fill('4');
    await page.getByRole('button', { name: 'Replace examples' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Remove example \d/ }).count()).toBe(4);
    await expect.poll(() => preview.textContent()).toContain(tasks.devInputs[0]!.slice(0, 20));
    await expect.poll(() => page.getByTestId('token-count').textContent()).not.toBe(tokensBefore);
    // Reorder and edit an example.
    await page.getByRole('button', { name: 'Move example 2 up' }).click();
    await page.getByLabel('Example 4: output').fill('negative');
    // Ctrl+Enter runs on the selected input; the output streams in.
    await page.keyboard.press('Control+Enter');
    // The page's first local call: the model loads in an inference-pool member first (a second or
    // more), so the output takes longer than expect.poll's default second to start streaming.
    await expect.poll(async () => ((await page.getByTestId('run-output').textContent()) ?? '').length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByText('Answer', { exact: true }).waitFor();
    await expect.poll(() => page.getByText('Draft saved').count()).toBe(1);
    await shot(page, 'text-playground', {});
    // "Download program" saves program.json: the file students upload to Gradescope.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download program' }).click()]);
    expect(download.suggestedFilename()).toBe('program.json');
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { task: string; model: string; examples: unknown[] };
    expect(saved).toMatchObject({ task: TEXT_TASK, model: 'distilgpt2' });
    expect(saved.examples).toHaveLength(4);

    await page.getByRole('button', { name: /Run on \d+ dev cases/ }).click();
    await page.getByTestId('metric-value').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Failures/ }).click();
    await shot(page, 'dev-run', { at: '.dev-run' });
  });

  it('compares two models on the same dev cases and exports a Markdown table', async () => {
    const { page } = await studentPage('Barbara Liskov');
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    await page.getByRole('link', { name: 'Compare' }).first().click();
    await page.getByLabel('Model 1').selectOption('distilgpt2');
    await page.getByLabel('Model 2').selectOption('gpt2');
    await page.getByLabel(/Dev cases/).fill('6');
    await page.getByRole('button', { name: /Run 2 columns on 6 cases/ }).click();
    await page.getByTestId('bar-chart').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('comparison-grid').locator('tbody tr').count()).toBe(6);
    await page.getByRole('button', { name: 'Copy summary (Markdown)' }).click();
    const markdown = await page.getByTestId('export-text').inputValue();
    expect(markdown).toContain('| variant | model | metric |');
    expect(markdown).toMatch(/\| GPT-2[^|]*\| gpt2 \|/);
    await shot(page, 'compare', { at: '#compare-results' });
  });

  it('submits with a confirmation, follows the grading live and reads the report', async () => {
    const { page } = await studentPage('Katherine Johnson');
    await textDraft(page);
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    await page.getByRole('button', { name: 'Submit…' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('submissions-left').textContent()).toMatch(/10 of 10 submissions left/);
    await dialog.getByRole('button', { name: 'Submit for grading' }).click();
    await page.waitForURL(/\/submissions\//);
    await page.getByRole('heading', { name: 'Evaluators' }).waitFor({ timeout: 90_000 });
    await page.getByTestId('hidden-counts').waitFor();
    expect(await page.getByTestId('hidden-counts').textContent()).toMatch(/\d+ hidden cases graded/);
    // The dev cases come with the report, in detail: their metric beside the hidden one, and every
    // dev case in the table (hidden ones stay counts: checked at the end of this file).
    await page.getByTestId('dev-metric-value').waitFor();
    const devCases = page.locator('section[aria-labelledby="cases-title"]');
    await devCases.getByRole('heading', { name: 'Dev cases' }).waitFor();
    expect(await devCases.locator('tbody tr').count()).toBe(tasks.devInputs.length);
    expect(await devCases.textContent()).toContain(tasks.devInputs[0]!.slice(0, 30));
    // Nothing left to work around: no separate dev run on the report.
    expect(await page.getByRole('button', { name: /Run on \d+ dev cases/ }).count()).toBe(0);
    await shot(page, 'report', {});

    await page.getByRole('link', { name: /^Submissions:/ }).click();
    await page.getByRole('link', { name: 'Open in playground' }).first().click();
    await page.getByText(/Opened the program you submitted/).waitFor();
    await expect.poll(() => page.getByLabel('Instruction').inputValue()).toContain('Classify the sentiment');
  });

  it('submits a study from Compare: named variants on one model, a reflection with a live word count, the checklist preview, then the comparison in the report', async () => {
    const { page } = await studentPage('Frances Allen');
    await page.goto(`${server.origin}/tasks/${STUDY_TASK}`);
    // The task page says what the study asks for, and offers no single-program submission.
    const brief = page.getByTestId('study-brief');
    await brief.getByText(/Submit 3 variants of a prompt program/).waitFor();
    expect(await brief.textContent()).toContain('at least 60 words');
    expect(await page.getByRole('button', { name: 'Submit…' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Submit as study…' }).click();
    await page.waitForURL(/\/compare/);

    // Prompt development: three named prompt variants on one model.
    await page.getByLabel('Model', { exact: true }).selectOption('qwen1.5-0.5b-chat');
    const names = page.getByLabel('Name (used in the tables)');
    expect(await names.count()).toBe(3);
    expect(await names.nth(0).inputValue()).toBe('zero-shot');
    await names.nth(2).fill('your-best');
    const instructions = page.getByLabel('Instruction');
    await instructions.nth(0).fill('Is the review positive or negative?');
    await instructions.nth(1).fill('Label the sentiment of the review.');
    await instructions.nth(2).fill('Answer with one word: positive or negative.');
    await page.getByLabel(/Dev cases/).fill('4');
    await page.getByRole('button', { name: /Run 3 columns on 4 cases/ }).click();
    await page.getByTestId('bar-chart').waitFor({ timeout: 60_000 });

    // The reflection: the count follows typing, and each Chinese character counts as a word.
    const reflection = page.getByLabel('Reflection', { exact: true });
    const english =
      'The few-shot prompt did best on the dev cases because the examples showed the model the exact answer format, while the zero-shot prompt often rambled instead of answering.';
    await reflection.fill(english);
    await expect.poll(() => page.getByTestId('word-count').textContent()).toBe('28 / 60 words');
    const checklist = page.getByTestId('study-checklist');
    await expect.poll(() => checklist.textContent()).toMatch(/✗\s*failed: Reflection of 28 words/);
    expect(await checklist.textContent()).toMatch(/✓\s*passed: All variants use qwen1\.5-0\.5b-chat/);
    await reflection.fill(`${english} 三个提示词在同一个模型上比较，少样本提示的错误最少，零样本提示经常答非所问。`);
    await expect.poll(() => page.getByTestId('word-count').textContent()).toBe('63 / 60 words');
    await page.getByText('Every check in the preview is met.').waitFor();
    // The study is part of the draft: it survives a reload.
    await expect.poll(() => page.getByText('Draft saved').count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByLabel('Reflection', { exact: true }).inputValue()).toContain('零样本提示');
    expect(await page.getByLabel('Name (used in the tables)').nth(2).inputValue()).toBe('your-best');
    await page.getByRole('button', { name: 'Submit the study…' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Submit the study…' }).isEnabled()).toBe(true);
    await shot(page, 'study-compare', { at: '#study-submit' });

    await page.getByRole('button', { name: 'Submit the study…' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('submissions-left').textContent()).toMatch(/10 of 10 submissions left/);
    expect(await dialog.textContent()).toContain('each of the 3 variants');
    expect(await dialog.textContent()).toContain('your-best (Qwen1.5 0.5B Chat');
    await dialog.getByRole('button', { name: 'Submit for grading' }).click();
    await page.waitForURL(/\/submissions\//);
    // Three variants on every hidden and dev case (228 model calls, seconds even on the tiny
    // models, while the report page needs well under one to open): the grading is followed live.
    await page.getByText('Cases graded').waitFor({ timeout: 30_000 });

    const summary = page.getByTestId('study-summary');
    await summary.waitFor({ timeout: 120_000 });
    const table = page.getByTestId('study-table');
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('tbody th').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^zero-shot/), expect.stringMatching(/^few-shot/), expect.stringMatching(/^your-best/)]),
    );
    expect(await table.locator('.badge', { hasText: 'best' }).count()).toBe(1);
    const checks = page.getByTestId('study-checks');
    expect(await checks.locator('li.bad').count()).toBe(0);
    expect(await checks.textContent()).toContain('Variant “your-best” ran on');
    expect(await page.getByTestId('reflection-words').textContent()).toContain('63 words (at least 60 asked). Read by the staff, not scored automatically.');
    expect(await summary.locator('blockquote').textContent()).toContain('零样本提示经常答非所问');
    await page.getByTestId('dev-metric-value').waitFor();
    await page.getByRole('heading', { name: /^Dev cases of the best variant/ }).waitFor();
    await shot(page, 'study-report', { at: '#study-title' });

    // History reopens a study in Compare, with its variants and reflection.
    await page.getByRole('link', { name: /^Submissions:/ }).click();
    await page.getByRole('link', { name: 'Open in Compare' }).first().click();
    await page.getByText(/Opened the study you submitted/).waitFor();
    expect(await page.getByLabel('Name (used in the tables)').nth(2).inputValue()).toBe('your-best');
    expect(await page.getByLabel('Instruction').nth(2).inputValue()).toBe('Answer with one word: positive or negative.');
    expect(await page.getByLabel('Reflection', { exact: true }).inputValue()).toContain('零样本提示');
  });

  it('a study with roles offers each role only its models, named after the role', async () => {
    const { page } = await studentPage('Radia Perlman');
    await page.goto(`${server.origin}/tasks/${ROLES_TASK}/compare`);
    await page.getByTestId('study-brief').getByRole('cell', { name: 'the instruction-tuned sibling of the base model' }).waitFor();
    const small = page.getByLabel('Model for “small”');
    expect(await small.locator('option').allTextContents()).toEqual([expect.stringContaining('DistilGPT-2'), expect.stringContaining('babbage-002')]);
    expect(await page.getByLabel('Name (used in the tables)').evaluateAll((fields) => fields.map((f) => (f as unknown as { value: string }).value))).toEqual([
      'small',
      'larger',
      'base',
      'instruction-tuned',
    ]);
    const checklist = page.getByTestId('study-checklist');
    await expect.poll(() => checklist.textContent()).toContain('“instruction-tuned” runs on qwen1.5-0.5b-chat');
    // Paired roles are one family: the brief lists the pairs, the checklist holds the columns to them.
    expect(await page.getByTestId('study-brief').textContent()).toContain(
      'One family: “small” and “larger” run on one of these pairs: distilgpt2 + gpt2, babbage-002 + davinci-002.',
    );
    await expect.poll(() => checklist.textContent()).toContain('“small” and “larger” run on distilgpt2 and gpt2, one family');
    // Renaming a role's column is allowed, and the preview says what the grader will say.
    await page.getByLabel('Name (used in the tables)').first().fill('tiny');
    await expect.poll(() => checklist.textContent()).toContain('No variant named “small”');
    await expect
      .poll(() => checklist.textContent())
      .toContain('“small” and “larger” compare one family (distilgpt2 + gpt2, babbage-002 + davinci-002); name a variant after each');
    await shot(page, 'study-roles');
  });

  it('classifies an uploaded image in the CLIP playground and shows the confusion matrix', async () => {
    const { page } = await studentPage('Shafi Goldwasser');
    await page.goto(`${server.origin}/tasks/${IMAGE_TASK}`);
    // The task allows 20 templates: the paper's 80 are cut to 20, and the page says which were kept.
    await page.getByTestId('templates-limit').getByText('This task allows at most 20 templates.').waitFor();
    await page.getByRole('button', { name: 'CLIP paper ensemble (80)' }).click();
    expect(await page.getByTestId('templates-trimmed').textContent()).toMatch(
      /at most 20 templates, so the first 20 of the 80 were loaded \(“a bad photo of a \{label\}\.” to “.+”\)/,
    );
    // A broken upload is the image's problem, not the program's.
    const broken = path.join(dataDir, 'broken.png');
    writeFileSync(broken, Buffer.concat([flatPng(32, [0, 0, 0]).subarray(0, 40)]));
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles(broken);
    await page.getByText(/The image is the problem, not your program/).waitFor();
    await page.getByText('This image cannot be used').waitFor();
    await page.getByRole('button', { name: 'Photo templates (7)' }).click();
    const upload = path.join(dataDir, 'my-red-square.png');
    writeFileSync(upload, flatPng(32, [230, 20, 20]));
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles(upload);
    await page.getByTestId('probability-bars').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('probability-bars').locator('li').count()).toBeGreaterThan(1);
    await page.getByRole('list', { name: 'Dev images' }).getByRole('button').first().click();
    await page.getByText('expected', { exact: true }).waitFor();
    await page.getByRole('button', { name: /Run on \d+ dev cases/ }).click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    // Text search works on a classification task's dev images too.
    await page.getByLabel('Describe the image to find').fill('a red face');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('retrieval-results').waitFor();
    expect(await page.getByTestId('retrieval-results').locator('li').count()).toBe(24);
    await shot(page, 'clip-playground', {});
    await shot(page, 'clip-confusion', { at: '.dev-run' });

    // A retrieval task: typed text ranks the gallery.
    await page.goto(`${server.origin}/tasks/${RETRIEVAL_TASK}`);
    await page.getByLabel('Describe the image to find').fill('a red car');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('retrieval-results').waitFor();
    expect(await page.getByTestId('retrieval-results').locator('li').count()).toBeGreaterThan(1);
    // On the dev split, each case's found and expected images are shown as pictures.
    await page.getByRole('button', { name: /Run on \d+ dev cases/ }).click();
    await page.getByTestId('metric-value').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('.case-table .gallery-thumb img').count()).toBeGreaterThan(1);
    expect(await page.locator('.case-table .gallery-thumb img').first().getAttribute('src')).toMatch(new RegExp(`^/api/tasks/${RETRIEVAL_TASK}/images/`));
    await shot(page, 'clip-retrieval', {});
  });

  it('staff sees the submission and opens its full report', { timeout: 300_000 }, async () => {
    const { page, who } = await studentPage('Edith Clarke');
    await submitText(page);
    await submitStudy(page);
    const { page: staffPage } = await sessions.staff();
    await staffPage.goto(`${server.origin}/staff/submissions`);
    // The student's two submissions, newest first: the study, then the single program.
    await expect.poll(() => staffPage.getByTestId('staff-submissions').getByText(who.name).count()).toBe(2);
    await staffPage.getByTestId('staff-submissions').getByRole('row').filter({ hasText: who.name }).first().getByRole('link', { name: 'Report' }).click();
    await staffPage.getByRole('heading', { name: 'All cases (staff view)' }).waitFor();
    expect(await staffPage.getByTestId('study-table').locator('tbody tr').count()).toBe(3);
  });

  it('staff regrades a whole task from the grading desk: progress, then the points that changed (none here), and the report says when', {
    timeout: 240_000,
  }, async () => {
    const { page } = await studentPage('Jean Sammet');
    await submitText(page);
    // Every submission to the task is regraded: this case's, and any other case's before it.
    const listed = await admin.get(`${server.origin}/api/submissions?taskId=${TEXT_TASK}`);
    const regraded = ((await listed.json()) as { submissions: unknown[] }).submissions.length;
    expect(regraded).toBeGreaterThanOrEqual(1);
    const { page: staffPage } = await sessions.staff();
    await staffPage.goto(`${server.origin}/staff/submissions`);
    await staffPage.getByTestId('grading-queue').getByText('Nothing is waiting to be graded.').waitFor();
    await staffPage.locator('#regrade-task').selectOption(TEXT_TASK);
    let question = '';
    staffPage.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await staffPage.getByRole('button', { name: 'Regrade all submissions…' }).click();
    // The same program on the same models (and the response cache): the points do not move.
    await staffPage.getByTestId('regrade-unchanged').waitFor({ timeout: 90_000 });
    expect(question).toContain('Points may go up or down');
    expect(await staffPage.getByTestId('regrade-unchanged').textContent()).toBe(`Every submission regraded (${regraded}): no points changed.`);
    // The list filtered to the task shows the re-grade with the points it replaced.
    await staffPage.locator('#filter-task').selectOption(TEXT_TASK);
    await expect.poll(() => staffPage.getByTestId('staff-submissions').locator('tbody tr').count()).toBe(regraded);
    const note = staffPage.getByTestId('staff-submissions').getByTestId('regrade-note').first();
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Regraded .+; before: [\d.]+$/);
    await shot(staffPage, 'staff-desk', {});
    await staffPage.getByTestId('staff-submissions').getByRole('link', { name: 'Report' }).first().click();
    await staffPage.getByRole('heading', { name: 'All cases (staff view)' }).waitFor();
    await staffPage.getByTestId('regrade-note').waitFor();
  });

  it('staff reads the item analysis and finds a copied prompt side by side; a student reaches neither page nor its API', { timeout: 300_000 }, async () => {
    // Two students hand in the same instruction (one in capitals, other punctuation): a copied pair.
    const copied = 'You are a meticulous analyst of shopper feedback; decide whether the writer was happy or unhappy overall.';
    const authors: Student[] = [];
    for (const [name, instruction] of [
      ['Annie Easley', copied],
      ['Dorothy Vaughan', `${copied.toUpperCase()}!`],
    ] as const) {
      const { page, who } = await studentPage(name);
      await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
      await page.getByLabel('Model', { exact: true }).selectOption('distilgpt2');
      await page.getByLabel('Instruction').fill(instruction);
      await expect.poll(() => page.getByText('Draft saved').count()).toBe(1);
      await page.getByRole('button', { name: 'Submit…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Submit for grading' }).click();
      await page.waitForURL(/\/submissions\//);
      await page.getByRole('heading', { name: 'Evaluators' }).waitFor({ timeout: 90_000 });
      authors.push(who);
    }

    const { page: staffPage } = await sessions.staff();
    await staffPage.goto(`${server.origin}/staff`);
    await staffPage.getByRole('link', { name: 'Item analysis' }).click();
    await staffPage.locator('#analysis-task').selectOption(TEXT_TASK);
    await staffPage.getByTestId('histogram-points').waitFor();
    expect(await staffPage.getByTestId('item-programs').textContent()).toMatch(/^\d+ counted programs?$/);
    // Every case with its data line; the hidden ones too (staff only).
    const firstHidden = staffPage.getByTestId('all-cases').locator('tbody tr').first();
    expect(await firstHidden.textContent()).toMatch(new RegExp(`hidden${TEXT_TASK}/test\\.jsonl:1`));
    expect(await staffPage.getByTestId('item-models').getByRole('row').filter({ hasText: 'distilgpt2' }).count()).toBe(1);
    const csv = await staffPage.request.get(`${server.origin}/api/staff/tasks/${TEXT_TASK}/item-analysis.csv`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toContain('case,split,line,expected');
    await shot(staffPage, 'staff-item-analysis', {});

    await staffPage.goto(`${server.origin}/staff`);
    await staffPage.getByRole('link', { name: 'Prompt similarity' }).click();
    await staffPage.locator('#analysis-task').selectOption(TEXT_TASK);
    await staffPage.getByLabel(/^Threshold/).fill('0.5');
    await staffPage.getByRole('button', { name: 'Compare the counted programs' }).click();
    await expect
      .poll(() => staffPage.getByTestId('similarity-summary').textContent(), { timeout: 30_000 })
      .toMatch(/compared at threshold 0\.5: \d+ pairs? found/);
    const pairRow = staffPage.getByTestId('similar-pairs').getByRole('row').filter({ hasText: authors[0]!.name }).filter({ hasText: authors[1]!.name });
    await pairRow.getByRole('link', { name: 'Side by side' }).click();
    await staffPage.getByTestId('pair-view').waitFor();
    expect(await staffPage.getByTestId('pair-a').locator('mark').first().textContent()).toMatch(/meticulous analyst of shopper feedback/i);
    await shot(staffPage, 'staff-similarity', { at: '#pair-title' });

    // A student: the pages say staff only, and the API refuses.
    const { page } = await sessions.signedIn(authors[0]!);
    for (const route of ['/staff/items', '/staff/similarity']) {
      await page.goto(`${server.origin}${route}?taskId=${TEXT_TASK}`);
      await page.getByText('This page is for course staff only.').waitFor();
    }
    for (const api of [`/api/staff/tasks/${TEXT_TASK}/item-analysis`, `/api/staff/tasks/${TEXT_TASK}/similarity`]) {
      expect((await page.request.get(`${server.origin}${api}`)).status()).toBe(403);
    }
  });

  it('a late submission is announced in the dialog with its penalty; an extension granted by staff makes it on time', { timeout: 240_000 }, async () => {
    const { page, who } = await studentPage('Hedy Lamarr');
    await textDraft(page);
    // On time: the dialog says so, with the due date in the course's zone.
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    await page.getByRole('button', { name: 'Submit…' }).click();
    const onTime = page.getByRole('dialog').getByTestId('deadline-notice');
    await expect.poll(() => onTime.getAttribute('data-status')).toBe('on-time');
    expect(await onTime.textContent()).toContain('PST');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // Years past the due date: late, the penalty capped at 30 %, said before confirming.
    await page.goto(`${server.origin}/tasks/${LATE_TASK}`);
    await page.getByLabel('Model', { exact: true }).selectOption('distilgpt2');
    await page.getByRole('button', { name: 'Submit…' }).click();
    const dialog = page.getByRole('dialog');
    const notice = dialog.getByTestId('deadline-notice');
    await expect.poll(() => notice.getAttribute('data-status')).toBe('late');
    expect(await notice.textContent()).toMatch(/^Late by \d+ d( \d+ h)? \(due Fri, Jan 10, 2020, 11:59 PM PST\): 30% will be taken off the points\.$/);
    expect(await dialog.getByTestId('deadline-policy').textContent()).toBe('1% off per started day late (at most 30%). Your best submission counts.');
    await shot(page, 'submit-late');
    // Submitted anyway: the report says how late, and once graded the raw and final points.
    await dialog.getByRole('button', { name: 'Submit for grading' }).click();
    await page.waitForURL(/\/submissions\//);
    const lateReport = page.getByTestId('report-lateness');
    await expect.poll(() => lateReport.textContent(), { timeout: 10_000 }).toMatch(/late by \d+ d( \d+ h)?, −30%/);
    await lateReport.getByTestId('final-points').waitFor({ timeout: 90_000 });
    expect(await lateReport.getByTestId('final-points').textContent()).toMatch(/−30% late\)$/);

    // Staff grants the student an extension on that task in the browser.
    const { page: staffPage } = await sessions.staff();
    await staffPage.goto(`${server.origin}/staff`);
    const panel = staffPage.getByTestId('extensions-panel');
    await panel.getByTestId('extension-student').selectOption({ label: `${who.name} (${who.email})` });
    await panel.getByTestId('extension-task').selectOption({ label: LATE_TASK_TITLE });
    await panel.getByTestId('extension-due').fill('2099-06-01T23:59:00-07:00');
    await panel.getByTestId('extension-note').fill('illness');
    await panel.getByTestId('extension-grant').click();
    const row = panel.getByTestId('extensions').getByRole('row').filter({ hasText: who.name });
    await row.waitFor();
    expect(await row.textContent()).toContain('illness');
    expect(await row.textContent()).toContain('PDT');
    await panel.getByText(/History of changes \(1\)/).click();
    expect(await panel.getByTestId('extensions-audit').textContent()).toContain(`granted ${who.email} an extension on arithmetic`);
    await shot(staffPage, 'staff-extensions', { at: '#extensions-title' });

    // The student's dialog now says on time, extended; the home page shows the new due date.
    await page.goto(`${server.origin}/tasks/${LATE_TASK}`);
    await page.getByRole('button', { name: 'Submit…' }).click();
    const extended = page.getByRole('dialog').getByTestId('deadline-notice');
    await expect.poll(() => extended.getAttribute('data-status')).toBe('on-time');
    expect(await extended.textContent()).toBe('On time: due Mon, Jun 1, 2099, 11:59 PM PDT. (extended for you)');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.goto(server.origin);
    const card = page.locator('.task-card').filter({ hasText: LATE_TASK_TITLE });
    expect(await card.getByTestId('task-due').textContent()).toContain('Jun 1, 2099, 11:59 PM PDT (extended for you)');
    // The late submission is on time now (recomputed, not re-graded), and it is the one that counts.
    await page.goto(`${server.origin}/tasks/${LATE_TASK}/history`);
    await expect.poll(() => page.getByTestId('lateness').first().textContent()).toBe('on time');
    expect(await page.getByTestId('counts-badge').count()).toBe(1);
  });

  it('switches to Chinese, and the choice is remembered for the user', async () => {
    const { page } = await studentPage('Tu Youyou');
    await page.goto(server.origin);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '作业' }).waitFor();
    expect(await page.getByRole('link', { name: '首页' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('heading', { name: '作业' }).waitFor();
    // Task titles come in Chinese; the assignment's introduction exists in English only, and says so.
    await page.locator('.task-card').filter({ hasText: '短评情感分类' }).waitFor();
    const introduction = page.getByTestId('assignment-description');
    expect(await introduction.getByTestId('english-only').textContent()).toBe('仅有英文');
    expect(await introduction.locator('[lang="en"]').textContent()).toBe('Text and image-text tasks, and two studies.');
    await shot(page, 'home-zh', {});

    // The playground shows the task's Chinese description, with no mark.
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    const description = page.locator('.task-description');
    await description.getByRole('heading', { name: '短评情感分类' }).waitFor();
    expect(await description.getByTestId('task-description-text').getAttribute('lang')).toBe('zh-CN');
    expect(await description.getByTestId('task-description-text').textContent()).toContain('评分方式');
    expect(await description.getByTestId('english-only').count()).toBe(0);
    expect(await description.textContent()).toContain('正面 (positive)');
    await recorder.snapshot(page);
    // A task without a Chinese description shows the English one, marked.
    await page.goto(`${server.origin}/tasks/${ENGLISH_ONLY_TASK}`);
    await description.getByRole('heading', { name: 'Arithmetic in the style of GPT-3' }).waitFor();
    expect(await description.getByTestId('english-only').textContent()).toBe('仅有英文');
    expect(await description.getByTestId('task-description-text').getAttribute('lang')).toBe('en');
    // Switching back on the same page brings the English description, without the mark.
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    await description.getByRole('heading', { name: '短评情感分类' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await description.getByRole('heading', { name: 'Sentiment of short reviews' }).waitFor();
    expect(await description.getByTestId('english-only').count()).toBe(0);
    await page.goto(server.origin);
    await page.getByRole('heading', { name: 'Assignments' }).waitFor();
  });

  it('a student works in 中文 from home to report: server messages, a refused submission, a report and a study checklist, with no English sentence', {
    timeout: 300_000,
  }, async () => {
    const { page, who } = await studentPage('Lin Huiyin');
    const names = [who.name];
    const noEnglish = async (where: string) => expect(await englishSentences(page, 'main', ALLOWED_ENGLISH, names), where).toEqual([]);
    await page.goto(server.origin);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '作业' }).waitFor();
    await noEnglish('home');

    // The playground: a program in Chinese, run on one input.
    await page.goto(`${server.origin}/tasks/${TEXT_TASK}`);
    await page.getByLabel('模型', { exact: true }).selectOption('distilgpt2');
    await page.getByLabel('指令').fill('判断这条评论的情感：positive 或 negative。');
    await expect.poll(() => page.getByText('草稿已保存').count()).toBe(1);
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => ((await page.getByTestId('run-output').textContent()) ?? '').length, { timeout: 30_000 }).toBeGreaterThan(0);
    await noEnglish('playground');

    // A refused submission: a prompt over the model's token limit, refused by the server in Chinese.
    await page.getByLabel('指令').fill('请仔细阅读。'.repeat(2_000));
    await expect.poll(() => page.getByText('草稿已保存').count()).toBe(1);
    await page.getByRole('button', { name: '提交…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交评分' }).click();
    const refusal = page.getByRole('dialog').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await englishSentences(page, '[role="dialog"]', ALLOWED_ENGLISH, names), 'the refusal').toEqual([]);
    await page.keyboard.press('Escape');

    // A graded report.
    await page.getByLabel('指令').fill('判断这条评论的情感：positive 或 negative。');
    await expect.poll(() => page.getByText('草稿已保存').count()).toBe(1);
    await page.getByRole('button', { name: '提交…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交评分' }).click();
    await page.waitForURL(/\/submissions\//);
    await page.getByRole('heading', { name: '评估器' }).waitFor({ timeout: 90_000 });
    await noEnglish('report');

    // The study checklist in Compare, with its problems before the study is ready.
    await page.goto(`${server.origin}/tasks/${STUDY_TASK}/compare`);
    await page.getByText('检查清单（预览）').waitFor();
    await page.getByLabel('反思', { exact: true }).fill('太短了。');
    await noEnglish('study checklist');
    await shot(page, 'zh-student-flow', { at: '.study-checklist' });
  });

  it('fits a 390 px phone screen', { timeout: 240_000 }, async () => {
    const { page } = await studentPage('Mary Somerville');
    const studyReportPath = await submitStudy(page);
    await textDraft(page);
    await page.setViewportSize({ width: 390, height: 844 });
    const routes = [
      '/',
      `/tasks/${IMAGE_TASK}`,
      `/tasks/${TEXT_TASK}/compare`,
      `/tasks/${TEXT_TASK}/history`,
      `/tasks/${STUDY_TASK}`,
      `/tasks/${STUDY_TASK}/compare`,
      `/tasks/${ROLES_TASK}/compare`,
      studyReportPath,
      `/tasks/${TEXT_TASK}`,
    ];
    expect(studyReportPath).toMatch(/^\/submissions\//);
    for (const route of routes) {
      await page.goto(server.origin + route);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, `horizontal overflow on ${route}`).toBeLessThanOrEqual(1);
      await recorder.snapshot(page); // every page's text goes into the hidden-data check below
      if (route === `/tasks/${STUDY_TASK}/compare`) await shot(page, 'study-compare-phone');
    }
    await page.getByTestId('prompt-preview').waitFor();
    // Run is on screen without scrolling past the editor (a bar stuck to the bottom of the screen).
    await page.evaluate('window.scrollTo(0, 0)');
    const runBar = page.getByRole('button', { name: 'Run and show the result' });
    const box = (await runBar.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.y).toBeGreaterThan(0);
    await runBar.click();
    await expect.poll(() => page.evaluate<number>("document.getElementById('run-title').getBoundingClientRect().top")).toBeLessThan(844);
    await shot(page, 'text-playground-phone', {});
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("staff signs a student out of every browser: the student's next page asks for the token again", async () => {
    const { page, who } = await studentPage('Margaret Hamilton');
    const other = await sessions.student(admin, 'John Backus');
    const { page: staffPage } = await sessions.staff();
    await staffPage.goto(`${server.origin}/staff`);
    const row = staffPage.getByTestId('students').getByRole('row').filter({ hasText: who.name });
    staffPage.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => staffPage.getByTestId('students-notice').textContent()).toBe(`${who.name}: sessions ended: 1.`);
    await page.goto(server.origin);
    await page.locator('input#token').waitFor();
    // The token itself still works: the student signs in again.
    await page.locator('input#token').fill(who.token);
    await page.locator('form button[type="submit"]').click();
    await page.locator('input#token').waitFor({ state: 'detached' });
    await page.getByText(who.name).first().waitFor();
    // A revoked token shows as revoked in the students table, not as "none".
    const alan = staffPage.getByTestId('students').getByRole('row').filter({ hasText: other.name });
    staffPage.once('dialog', (dialog) => void dialog.accept());
    await alan.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => alan.locator('.badge.bad').textContent()).toBe('revoked');
  });

  it('served every page under its Content-Security-Policy without a violation', async () => {
    // Its own page, and the console of every browser the cases before it opened.
    const { page } = await studentPage('Lynn Conway');
    const response = await page.goto(server.origin + '/');
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    expect(cspViolations).toEqual([]);
  });

  it('never sent a hidden test case to the browser (and would have noticed)', { timeout: 240_000 }, async () => {
    // Its own evidence (a student's report with dev cases in detail, the staff view of it with the
    // hidden ones), audited together with what every browser before it recorded.
    const { page, who } = await studentPage('Sophie Wilson');
    await submitText(page);
    await recorder.snapshot(page);
    const { page: staffPage } = await sessions.staff();
    await staffPage.goto(`${server.origin}/staff/submissions`);
    await staffPage.getByTestId('staff-submissions').getByRole('row').filter({ hasText: who.name }).first().getByRole('link', { name: 'Report' }).click();
    await staffPage.getByRole('heading', { name: 'All cases (staff view)' }).waitFor();
    await staffRecorder.snapshot(staffPage);
    await recorder.settle();
    expect(recorder.count()).toBeGreaterThan(20);
    // The check can fail: visible dev inputs are found in what was recorded.
    expect(recorder.find(tasks.devInputs).length).toBeGreaterThan(0);
    expect(recorder.find(tasks.hiddenInputs)).toEqual([]);
    // Staff reports, on the other hand, show the hidden cases' inputs (and the check sees them).
    await staffRecorder.settle();
    expect(staffRecorder.find(tasks.hiddenInputs).length).toBeGreaterThan(0);
  });
});
