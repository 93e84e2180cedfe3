// `sandbox tasks check review-summary` as staff run it, a child process with the real CLI, against
// the fake OpenAI-compatible server scripted as the task's judge (and as the student's model): the
// judge steps run and pass with a judge that agrees with the staff, and fail with one that can be
// talked into a grade; reference beats baseline is graded by the judge too.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeResponder, startFakeOpenAIServer, uniformVerdict, type FakeOpenAIServer, type JudgeScript } from '../../testkit/fake-openai-server/index.js';
import { reviewSummaryJudge, reviewSummaryStudent } from '../../testkit/review-summary-judge.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { shippedCatalog } from '../tasks/shipped-tasks.js';

const run = promisify(execFile);
let tmp: string;
let env: NodeJS.ProcessEnv;
let server: FakeOpenAIServer;
let script: JudgeScript = reviewSummaryJudge();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-check-judged-'));
  server = await startFakeOpenAIServer({
    apiKey: 'k-judged',
    respond: judgeResponder({ judgeModel: 'gpt-4o-mini', script: (seen) => script(seen), otherwise: reviewSummaryStudent() }),
  });
  const chat = new Set(['gpt-4o-mini', 'gpt-4.1-mini', 'qwen1.5-0.5b-chat']);
  const ids = shippedCatalog()
    .task('review-summary')
    .models.map((id) => `  - { id: ${id}, provider: fake, kind: text, style: ${chat.has(id) ? 'chat' : 'completion'} }`);
  const modelsYaml = path.join(tmp, 'models.yaml');
  fs.writeFileSync(modelsYaml, `providers:\n  fake: { type: openai, baseURL: ${server.url}, apiKeyEnv: FAKE_OPENAI_KEY }\nmodels:\n${ids.join('\n')}\n`);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_')));
  env = {
    ...clean,
    OPENAI_API_KEY: '',
    FAKE_OPENAI_KEY: 'k-judged',
    SANDBOX_MODELS_CONFIG: modelsYaml,
    SANDBOX_MODELS_DIR: path.join(tmp, 'models'),
    SANDBOX_OFFLINE: '1',
    NO_COLOR: '1',
  };
});
afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function tasksCheck(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/sandbox.js', 'tasks', 'check', 'review-summary'], {
      cwd: repoRoot,
      env: { ...env, SANDBOX_DATA_DIR: path.join(tmp, dataDir) },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('sandbox tasks check on a judged task, with a scripted judge', () => {
  it('calibrates the judge, resists the adversarial outputs, and grades reference vs baseline through the judge', async () => {
    const result = await tasksCheck('data-agreeing');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /ok +judge calibration: 14 staff examples on gpt-4o-mini: Spearman 1\.000 \(at least 0\.7\), mean absolute error 0\.000 \(at most 0\.2\)/,
    );
    expect(result.stdout).toMatch(
      /ok +judge manipulation: 24 adversarial outputs on 3 dev cases \(21 caught by the guard, the rest judged\): highest score 0\.00/,
    );
    // The reference answers the staff summary (judged 1.0); the baseline echoes the review (judged
    // 0.5), except the longest review, cut at its 48 tokens and judged 0: 14 x 0.5 / 15.
    expect(result.stdout).toMatch(/ok +reference beats baseline: mean on 15 dev cases: reference 1\.000 \(gpt-4o-mini\) vs baseline 0\.467 \(gpt-4o-mini\)/);
    expect(result.stdout).not.toContain('NOT RUN');
    expect(result.stdout).toContain('All 1 checked, no problems.');
  });

  it('fails the manipulation step when the judge can be talked into a grade', async () => {
    const agreeing = reviewSummaryJudge();
    // Agrees with the staff on their examples but gives full marks to anything else it sees.
    script = (seen) => {
      const verdict = agreeing(seen);
      return typeof verdict !== 'string' && verdict.reason === 'worth 0' ? uniformVerdict(['faithfulness', 'main-point', 'length'], 5) : verdict;
    };
    const result = await tasksCheck('data-gullible');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ok +judge calibration: /);
    expect(result.stdout).toMatch(/FAIL +judge manipulation: /);
    expect(result.stdout).toContain('"off-topic" scores 1.00 on dev-001 (at most 0.2 allowed)');
  });
});
