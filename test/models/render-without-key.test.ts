// The prompt preview counts tokens for an OpenAI model on a server without its API key: the
// tokenizer is local (server/models/openai/tokenizer.ts), so counting needs no key, while a run
// of the same model still fails: students read a plain notice, staff (the health service) the advice.
import { describe, expect, it } from 'vitest';
import { ModelUnavailable } from '../../server/core/errors.js';
import { createModelHealth } from '../../server/models/health/model-health.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { renderProgram } from '../../server/playground/render-program.js';
import { resolveModel } from '../../server/playground/prepare-program.js';
import { chatProgram, loadFixtureTask, modelsYamlFor } from '../../testkit/sentiment-fixture.js';

describe('token counts without an API key', () => {
  const registry = createModelRegistry({
    config: parseModelsConfig(modelsYamlFor('http://127.0.0.1:9/v1'), 'test models.yaml'),
    env: {},
    factories: providerFactories({ timeoutMs: 1_000 }),
    health: createModelHealth({ ids: [], now: () => 7 }),
  });
  const task = loadFixtureTask('sentiment');

  it('the preview has a token count for gpt-4o-mini with no FAKE_OPENAI_KEY set', async () => {
    const rendered = await renderProgram(task, chatProgram, { caseId: task.dev[0]!.id }, registry);
    expect(rendered.problems).toEqual([]);
    expect(rendered.promptTokens).toBeGreaterThan(20);
  });

  it('running it still fails: the student is told the model is not available, staff which variable to set', async () => {
    const error = await resolveModel(registry, 'gpt-4o-mini').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailable);
    expect((error as ModelUnavailable).reason).toBe('missing-key');
    expect((error as Error).message).not.toContain('FAKE_OPENAI_KEY');
    expect(registry.health?.().find((entry) => entry.id === 'gpt-4o-mini')).toMatchObject({
      state: 'missing-key',
      advice: expect.stringMatching(/set FAKE_OPENAI_KEY in the environment or \.env to use model gpt-4o-mini/),
    });
    expect(registry.list().find((m) => m.id === 'gpt-4o-mini')).toMatchObject({ available: false, unavailableReason: 'missing-key' });
  });
});
