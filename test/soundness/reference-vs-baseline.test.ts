// Reference beats baseline, graded through the real engine against the fake OpenAI-compatible
// server: it answers the true label when the prompt says "Review: ...", so a program without that
// template (the baseline here) gets nothing right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import type { PromptProgram } from '../../server/core/prompt-program.js';
import { parseProgram } from '../../server/grading/parse-program.js';
import { compareReferenceWithBaseline, type CompareDeps } from '../../server/soundness/reference-vs-baseline.js';
import net from 'node:net';
import { createModelHealth } from '../../server/models/health/model-health.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { modelsYamlFor } from '../../testkit/sentiment-fixture.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, loadFixtureTask, registryFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const reference = parseProgram(chatProgram);
const baseline: PromptProgram = parseProgram({ ...chatProgram, template: { input: '{input}', output: '{output}' } });
let server: FakeOpenAIServer;
let deps: CompareDeps;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'k-soundness', respond: sentimentOracle(task, new Set()) });
  deps = { models: registryFor(server.url, 'k-soundness'), getEvaluator, availability: () => ({ available: true }), cache: () => null };
});
afterAll(() => server.close());

describe('reference beats baseline', () => {
  it('passes when the reference scores higher on dev, and says by how much', async () => {
    const result = await compareReferenceWithBaseline(task, { reference, baseline }, deps);
    expect(result).toMatchObject({ status: 'ok', problems: [] });
    expect(result.summary).toBe('macro-f1 on 22 dev cases: reference 1.000 (gpt-4o-mini) vs baseline 0.000 (gpt-4o-mini)');
  });

  it('fails when the baseline is as good or better', async () => {
    const result = await compareReferenceWithBaseline(task, { reference: baseline, baseline: reference }, deps);
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual(['the reference (0.000) does not beat the baseline (1.000)']);
  });

  it('fails, naming the error, when every reference case errors (a wrong key)', async () => {
    const result = await compareReferenceWithBaseline(task, { reference, baseline }, { ...deps, models: registryFor(server.url, 'wrong-key') });
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('22 of 22 cases errored');
    expect(result.problems[0]).toMatch(/^every reference case errored \(first error: /);
  });

  it('fails fast, with the operator advice, when the model upstream refuses connections (breaker, not a retry per case)', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const config = parseModelsConfig(modelsYamlFor(`http://127.0.0.1:${port}/v1`), 'test models.yaml');
    const models = createModelRegistry({
      config,
      env: { FAKE_OPENAI_KEY: 'k' },
      factories: providerFactories({ timeoutMs: 2_000 }),
      health: createModelHealth({ ids: [], now: () => Date.now() }),
    });
    const started = performance.now();
    const result = await compareReferenceWithBaseline(task, { reference, baseline }, { ...deps, models });
    // Real backoff sleeps before the breaker opens: well under a second or two, not 22 cases x 6 attempts.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('a model of the staff programs cannot be used on this machine');
    expect(result.problems).toEqual([expect.stringMatching(new RegExp(`^model gpt-4o-mini is unreachable: .*127\\.0\\.0\\.1:${port}`))]);
  });

  it('is NOT RUN, with the reason, when no real model is available', async () => {
    const result = await compareReferenceWithBaseline(
      task,
      { reference, baseline },
      {
        ...deps,
        availability: (id) => ({ available: false, reason: `model ${id} needs OPENAI_API_KEY, which is not set` }),
      },
    );
    expect(result).toEqual({
      name: 'reference beats baseline',
      status: 'not-run',
      summary: 'no real model to grade them on dev (model gpt-4o-mini needs OPENAI_API_KEY, which is not set)',
      problems: [],
    });
  });

  it('is NOT RUN when a staff program is missing', async () => {
    const result = await compareReferenceWithBaseline(task, { reference }, deps);
    expect(result).toMatchObject({ status: 'not-run', summary: 'the staff programs are not valid (see above)' });
  });
});
