// The registry turns models.yaml ids into live models lazily, and its errors say what to set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFound } from '../../server/core/errors.js';
import type { Model, TextModel } from '../../server/core/model.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { openAIModelFactory, PLACEHOLDER_API_KEY } from '../../server/models/openai/index.js';
import { createModelRegistry, type ModelFactory } from '../../server/models/registry.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';

let server: FakeOpenAIServer;
let local: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'sk-secret-123', respond: () => 'hello there' });
  local = await startFakeOpenAIServer({ apiKey: PLACEHOLDER_API_KEY, models: ['qwen'], respond: () => 'local answer' });
});
afterAll(async () => {
  await server.close();
  await local.close();
});

function config() {
  return parseModelsConfig(
    `providers:
  openai: { type: openai, baseURL: "${server.url}", apiKeyEnv: OPENAI_API_KEY }
  local-vllm: { type: openai, baseURL: "${local.url}", apiKeyEnv: VLLM_API_KEY, apiKeyOptional: true }
  local: { type: transformers }
models:
  - { id: gpt-4o-mini, provider: openai, style: chat, label: GPT-4o mini, description: Small chat model., pricing: { inputPerMillion: 0.15, outputPerMillion: 0.6 } }
  - { id: davinci-002, provider: openai, style: completion }
  - { id: qwen-local, provider: local-vllm, model: qwen, style: chat }
  - { id: clip, provider: local, kind: image-text }
`,
    'models.yaml',
  );
}

const request = {
  prompt: { style: 'chat' as const, messages: [{ role: 'user' as const, content: 'hi' }] },
  temperature: 0,
  topP: 1,
  maxTokens: 10,
  stop: [],
};

describe('model registry', () => {
  it('lists models without secrets or endpoints', () => {
    const registry = createModelRegistry({ config: config(), env: { OPENAI_API_KEY: 'sk-secret-123' }, factories: {} });
    expect(registry.list()).toEqual([
      {
        id: 'gpt-4o-mini',
        kind: 'text',
        style: 'chat',
        provider: 'openai',
        label: 'GPT-4o mini',
        description: 'Small chat model.',
      },
      { id: 'davinci-002', kind: 'text', style: 'completion', provider: 'openai', label: 'davinci-002' },
      { id: 'qwen-local', kind: 'text', style: 'chat', provider: 'local-vllm', label: 'qwen-local' },
      { id: 'clip', kind: 'image-text', provider: 'local', label: 'clip' },
    ]);
    expect(JSON.stringify(registry.list())).not.toContain('sk-secret');
    expect(registry.config('gpt-4o-mini').pricing).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
  });

  it('builds OpenAI models that work end to end with the key from env', async () => {
    const registry = createModelRegistry({
      config: config(),
      env: { OPENAI_API_KEY: 'sk-secret-123' },
      factories: { openai: openAIModelFactory },
    });
    const model = registry.get('gpt-4o-mini') as TextModel;
    expect(model.fingerprint).toBe(`openai:${server.url}:gpt-4o-mini`);
    expect((await model.generate(request)).text).toBe('hello there');
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-secret-123');
  });

  it('uses a placeholder key for providers that need none', async () => {
    const registry = createModelRegistry({ config: config(), env: {}, factories: { openai: openAIModelFactory } });
    const model = registry.get('qwen-local') as TextModel;
    expect((await model.generate(request)).text).toBe('local answer');
    expect(local.requests.at(-1)!.body.model).toBe('qwen');
  });

  it('names the variable to set when a key is missing', () => {
    const registry = createModelRegistry({
      config: config(),
      env: { OPENAI_API_KEY: '  ' },
      factories: { openai: openAIModelFactory },
    });
    expect(() => registry.get('gpt-4o-mini')).toThrow(ConfigError);
    expect(() => registry.get('gpt-4o-mini')).toThrow('set OPENAI_API_KEY in the environment or .env to use model gpt-4o-mini (provider openai)');
  });

  it('counts tokens for an OpenAI model without its key (local tokenizer); its calls still fail naming the variable', async () => {
    const registry = createModelRegistry({ config: config(), env: {}, factories: { openai: openAIModelFactory } });
    expect(() => registry.get('gpt-4o-mini')).toThrow(ConfigError);
    const model = registry.forCounting('gpt-4o-mini') as TextModel;
    // o200k_base: "hello world" is two tokens.
    expect(model.countTokens('hello world')).toBe(2);
    const before = server.requests.length;
    await expect(model.generate(request)).rejects.toThrow('set OPENAI_API_KEY in the environment or .env to use model gpt-4o-mini (provider openai)');
    await expect(model.scoreChoices!(request.prompt, ['a', 'b'])).rejects.toThrow(ConfigError);
    expect(server.requests.length).toBe(before);
    // With the key, forCounting is the usable model itself.
    const keyed = createModelRegistry({ config: config(), env: { OPENAI_API_KEY: 'sk-secret-123' }, factories: { openai: openAIModelFactory } });
    expect(keyed.forCounting('gpt-4o-mini')).toBe(keyed.get('gpt-4o-mini'));
  });

  it('lists the configured ids for an unknown model', () => {
    const registry = createModelRegistry({ config: config(), env: {}, factories: {} });
    expect(() => registry.get('gpt-5')).toThrow(NotFound);
    expect(() => registry.get('gpt-5')).toThrow(
      'model "gpt-5" is not configured on this server; configured models: gpt-4o-mini, davinci-002, qwen-local, clip',
    );
    expect(() => registry.config('gpt-5')).toThrow(NotFound);
  });

  it('says which provider type has no implementation', () => {
    const registry = createModelRegistry({ config: config(), env: {}, factories: { openai: openAIModelFactory } });
    expect(() => registry.get('clip')).toThrow(
      'models.yaml: providers.local.type: provider type "transformers" is not available in this build (available: openai), so model clip cannot be used',
    );
  });

  it('builds lazily, once, through the factory for the provider type', () => {
    const calls: string[] = [];
    const fakeClip: Model = {
      id: 'clip',
      kind: 'image-text',
      fingerprint: 'fake',
      logitScale: 100,
      embedTexts: async () => [],
      embedImages: async () => [],
    };
    const transformers: ModelFactory = (provider, model, env) => {
      calls.push(`${provider.name}/${model.id}/${env.HOME}`);
      return fakeClip;
    };
    const registry = createModelRegistry({ config: config(), env: { HOME: '/h' }, factories: { transformers } });
    expect(calls).toEqual([]);
    expect(registry.get('clip')).toBe(fakeClip);
    expect(registry.get('clip')).toBe(fakeClip);
    expect(calls).toEqual(['local/clip//h']);
  });

  it('rejects a factory that builds the wrong kind of model', () => {
    const wrong: ModelFactory = () => ({ id: 'clip', kind: 'text' }) as unknown as Model;
    const registry = createModelRegistry({ config: config(), env: {}, factories: { transformers: wrong } });
    expect(() => registry.get('clip')).toThrow('models.yaml: models[3]: provider local built a text model "clip" for image-text model "clip"');
  });
});
