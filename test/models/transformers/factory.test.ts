// models.yaml -> live local models: the transformers factory through the real registry, on the
// tiny models that test/fixtures/models.tiny.yaml maps the shipped ids to.
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/core/errors.js';
import type { ImageTextModel, TextModel, TextRequest } from '../../../server/core/model.js';
import { parseModelsConfig } from '../../../server/models/models-config.js';
import { createModelRegistry } from '../../../server/models/registry.js';
import { createTransformersModelFactory, resolveTransformersProvider } from '../../../server/models/transformers/factory.js';
import { prepareTinyModels, type TinyModels } from '../../support/tiny-models.js';

const request = (text: string): TextRequest => ({ prompt: { style: 'completion', text }, temperature: 0, topP: 1, maxTokens: 3, stop: [] });

let tiny: TinyModels;
beforeAll(async () => {
  tiny = await prepareTinyModels();
});

describe('the transformers factory', () => {
  it('builds every shipped local id from models.tiny.yaml with its kind and style', async () => {
    const registry = tiny.registry();
    const kinds = Object.fromEntries(
      ['distilgpt2', 'gpt2', 'qwen1.5-0.5b', 'qwen1.5-0.5b-chat', 'clip-vit-base-patch32'].map((id) => {
        const model = registry.get(id);
        return [id, `${model.kind}/${model.kind === 'text' ? model.style : '-'}/${model.fingerprint}`];
      }),
    );
    expect(kinds).toEqual({
      distilgpt2: 'text/completion/transformers:tiny-gpt2:quantized',
      gpt2: 'text/completion/transformers:tiny-gpt2-large:quantized',
      'qwen1.5-0.5b': 'text/completion/transformers:tiny-gpt2:quantized',
      'qwen1.5-0.5b-chat': 'text/chat/transformers:tiny-gpt2-chat:quantized',
      'clip-vit-base-patch32': 'image-text/-/transformers:tiny-clip:quantized',
    });
    expect((await (registry.get('gpt2') as TextModel).generate(request('abc'))).text).toBe('def');
    const [red] = await (registry.get('clip-vit-base-patch32') as ImageTextModel).embedTexts(['red']);
    expect(Array.from(red!)).toEqual([0.5, -0.5, -0.5, 0.5]);
  });

  it('shares one environment per provider entry and keeps providers apart', async () => {
    const config = parseModelsConfig(
      `providers:
  here: { type: transformers, modelsDir: ${tiny.modelsDir} }
  nowhere: { type: transformers, modelsDir: /nonexistent/models, offline: true }
models:
  - { id: a, provider: here, model: tiny-gpt2, style: completion }
  - { id: b, provider: here, model: tiny-gpt2-large, style: completion }
  - { id: c, provider: nowhere, model: tiny-gpt2, style: completion }
`,
      'models.yaml',
    );
    const registry = createModelRegistry({
      config,
      env: {},
      factories: { transformers: createTransformersModelFactory({ modelsDir: '/unused', offline: true }) },
    });
    // Provider "here" sets no offline flag, so the default (offline: true) applies; its folder has the models.
    expect((await (registry.get('a') as TextModel).generate(request('x'))).text).toBe('yz{');
    expect((await (registry.get('b') as TextModel).generate(request('x'))).text).toBe('yz{');
    await expect((registry.get('c') as TextModel).generate(request('x'))).rejects.toThrow(
      'model tiny-gpt2 is not in /nonexistent/models; run `sandbox models pull tiny-gpt2`',
    );
  });

  it('resolves provider settings over the defaults', () => {
    const defaults = { modelsDir: '/srv/models', offline: false, root: '/repo' };
    expect(resolveTransformersProvider({}, defaults)).toEqual({ modelsDir: '/srv/models', offline: false });
    expect(resolveTransformersProvider({ modelsDir: 'lab-models', offline: true, remoteHost: 'https://hf-mirror.com' }, defaults)).toEqual({
      modelsDir: '/repo/lab-models',
      offline: true,
      remoteHost: 'https://hf-mirror.com/',
    });
  });

  it('rejects unknown per-model options with the model named', () => {
    const config = parseModelsConfig(
      'providers:\n  local: { type: transformers }\nmodels:\n  - { id: g, provider: local, model: tiny-gpt2, style: completion, options: { threads: 2 } }\n',
      'models.yaml',
    );
    const registry = createModelRegistry({
      config,
      env: {},
      factories: { transformers: createTransformersModelFactory({ modelsDir: tiny.modelsDir, offline: true }) },
    });
    expect(() => registry.get('g')).toThrow(ConfigError);
    expect(() => registry.get('g')).toThrow('model g: options: Unrecognized key: "threads" (transformers models accept quantized and batchSize)');
  });
});
