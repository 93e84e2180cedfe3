// Budgets within every allowed model's context: the shipped tasks fit (gpt2 and distilgpt2 read
// 1024 tokens in all), 1024 prompt tokens plus 16 output tokens on gpt2 does not (the issue-15
// case), an unknown context length is a warning, and a local model's own config.json counts when
// its files are present (the smaller of it and models.yaml wins).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelsConfig, parseModelsConfig } from '../../server/models/models-config.js';
import { checkContextFits } from '../../server/soundness/context-fits.js';
import { createModelCatalogue } from '../../server/soundness/model-facts.js';
import { earlyAssignmentTaskIds, repoRoot, shippedCatalog } from '../tasks/shipped-tasks.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'context-fits-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const catalog = shippedCatalog();
/** The shipped models.yaml, with no local model files: models.yaml's contextTokens decide. */
const shipped = createModelCatalogue({
  modelsConfig: loadModelsConfig(path.join(repoRoot, 'models.yaml')),
  modelsDir: path.join(tmp, 'none'),
  offline: true,
  root: repoRoot,
});

describe('context fits', () => {
  it('holds for every shipped task (image-text tasks have no prompt budget)', () => {
    for (const id of earlyAssignmentTaskIds()) {
      const task = catalog.task(id);
      expect(checkContextFits(task, shipped), id).toMatchObject({ status: task.modality === 'text' ? 'ok' : 'not-applicable', problems: [] });
    }
    expect(checkContextFits(catalog.task('prompt-development'), shipped).summary).toBe(
      'prompt 1008 + output 16 = 1024 tokens fits every allowed model (the smallest context: distilgpt2, 1024)',
    );
  });

  it('fails 1024 prompt tokens plus 16 output tokens on gpt2 and distilgpt2, and says what limit would fit', () => {
    const task = catalog.task('model-comparison');
    const result = checkContextFits({ ...task, limits: { ...task.limits, maxPromptTokens: 1024, maxOutputTokens: 16 } }, shipped);
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([
      'distilgpt2 reads 1024 tokens in all (models.yaml contextTokens), but limits allow a prompt of 1024 plus 16 output tokens (1040); lower limits.maxPromptTokens to 1008 or less, or drop the model',
      'gpt2 reads 1024 tokens in all (models.yaml contextTokens), but limits allow a prompt of 1024 plus 16 output tokens (1040); lower limits.maxPromptTokens to 1008 or less, or drop the model',
    ]);
  });

  it('warns when an allowed model has no known context length', () => {
    const config = parseModelsConfig(
      `providers: { p: { type: openai, baseURL: "http://127.0.0.1:9/v1", apiKeyOptional: true } }
models:
  - { id: gpt2, provider: p, kind: text, style: completion, contextTokens: 1024 }
  - { id: mystery, provider: p, kind: text, style: chat }
`,
      'test models.yaml',
    );
    const catalogue = createModelCatalogue({ modelsConfig: config, modelsDir: tmp, offline: true, root: tmp });
    const task = { ...catalog.task('sentiment'), models: ['gpt2', 'mystery'] };
    expect(checkContextFits(task, catalogue)).toMatchObject({
      status: 'warn',
      problems: ['add contextTokens to mystery in models.yaml so this step can prove the budgets fit'],
    });
  });

  it("reads a local model's config.json when its files are present; the smaller context wins", () => {
    fs.mkdirSync(path.join(tmp, 'models/Org/small-lm'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'models/Org/small-lm/config.json'), JSON.stringify({ model_type: 'gpt2', n_positions: 512 }));
    const config = parseModelsConfig(
      `providers: { local: { type: transformers } }
models:
  - { id: small-lm, provider: local, model: Org/small-lm, kind: text, style: completion, contextTokens: 1024 }
  - { id: unlisted-lm, provider: local, model: Org/small-lm, kind: text, style: completion }
`,
      'test models.yaml',
    );
    const catalogue = createModelCatalogue({ modelsConfig: config, modelsDir: path.join(tmp, 'models'), offline: true, root: tmp });
    expect(catalogue('small-lm')?.context).toEqual({ tokens: 512, source: 'Org/small-lm/config.json' });
    expect(catalogue('unlisted-lm')?.context).toEqual({ tokens: 512, source: 'Org/small-lm/config.json' });
    const task = { ...catalog.task('sentiment'), models: ['small-lm'] };
    const result = checkContextFits({ ...task, limits: { ...task.limits, maxPromptTokens: 500, maxOutputTokens: 16 } }, catalogue);
    expect(result.status).toBe('fail');
    expect(result.problems[0]).toMatch(/^small-lm reads 512 tokens in all \(Org\/small-lm\/config\.json\)/);
  });
});
