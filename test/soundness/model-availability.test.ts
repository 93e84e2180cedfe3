// A model is "real and available" when its API key is set or its local files are present; the
// reason otherwise names what to do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { createModelAvailability, noModels } from '../../server/soundness/model-availability.js';

const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'availability-'));
afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

const modelsConfig = parseModelsConfig(
  `
providers:
  openai: { type: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: OPENAI_API_KEY }
  nokey: { type: openai, baseURL: http://127.0.0.1:8000/v1, apiKeyOptional: true }
  local: { type: transformers }
models:
  - { id: gpt-4o-mini, provider: openai, kind: text, style: chat }
  - { id: vllm-model, provider: nokey, kind: text, style: chat }
  - { id: clip, provider: local, model: Xenova/clip-vit-base-patch32, kind: image-text }
`,
  'models.yaml',
);
const options = { modelsConfig, modelsDir, offline: true, root: modelsDir };

describe('model availability', () => {
  it('needs the API key of an API model', () => {
    expect(createModelAvailability({ ...options, env: {} })('gpt-4o-mini')).toEqual({
      available: false,
      reason: 'model gpt-4o-mini needs OPENAI_API_KEY, which is not set',
    });
    expect(createModelAvailability({ ...options, env: { OPENAI_API_KEY: '  ' } })('gpt-4o-mini').available).toBe(false);
    expect(createModelAvailability({ ...options, env: { OPENAI_API_KEY: 'sk-x' } })('gpt-4o-mini')).toEqual({ available: true });
    expect(createModelAvailability({ ...options, env: {} })('vllm-model')).toEqual({ available: true });
  });

  it('needs the files of a local model in the models directory', () => {
    const check = createModelAvailability({ ...options, env: {} });
    const folder = path.join(modelsDir, 'Xenova/clip-vit-base-patch32');
    expect(check('clip')).toEqual({ available: false, reason: `model clip is local and its files are not in ${folder} (sandbox models pull clip)` });
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'config.json'), '{}');
    expect(check('clip')).toEqual({ available: true });
  });

  it('names an unknown model, and --no-run makes every model unavailable', () => {
    expect(createModelAvailability({ ...options, env: {} })('nope')).toEqual({ available: false, reason: 'model nope is not configured in models.yaml' });
    expect(noModels('--no-run was given')('gpt-4o-mini')).toEqual({ available: false, reason: '--no-run was given' });
  });
});
