// models.yaml is hand-edited: every mistake must be reported with file and place, all at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/core/errors.js';
import { loadModelsConfig, parseModelsConfig } from '../../server/models/models-config.js';

function problems(text: string): string[] {
  try {
    parseModelsConfig(text, 'models.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return ((error as ConfigError).details as { problems: string[] }).problems;
  }
  throw new Error('expected the config to be rejected');
}

const openaiProvider = 'providers:\n  openai: { type: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: OPENAI_API_KEY }\n';

describe('models config', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('loads the repository models.yaml: four OpenAI models, then the local defaults', () => {
    const config = loadModelsConfig(path.resolve('models.yaml'));
    expect(config.source).toBe('models.yaml');
    expect(config.models.map((m) => [m.id, m.provider, m.model, m.kind, m.style])).toEqual([
      ['gpt-4o-mini', 'openai', 'gpt-4o-mini', 'text', 'chat'],
      ['gpt-4.1-mini', 'openai', 'gpt-4.1-mini', 'text', 'chat'],
      ['davinci-002', 'openai', 'davinci-002', 'text', 'completion'],
      ['babbage-002', 'openai', 'babbage-002', 'text', 'completion'],
      ['distilgpt2', 'local', 'Xenova/distilgpt2', 'text', 'completion'],
      ['gpt2', 'local', 'Xenova/gpt2', 'text', 'completion'],
      ['qwen1.5-0.5b', 'local', 'Xenova/Qwen1.5-0.5B', 'text', 'completion'],
      ['qwen1.5-0.5b-chat', 'local', 'Xenova/Qwen1.5-0.5B-Chat', 'text', 'chat'],
      ['clip-vit-base-patch32', 'local', 'Xenova/clip-vit-base-patch32', 'image-text', undefined],
    ]);
    expect(config.providers.openai).toEqual({
      name: 'openai',
      type: 'openai',
      baseURL: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      apiKeyOptional: false,
    });
    expect(config.models[0]!.pricing).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
  });

  it('fills defaults: remote name and label from id, kind text', () => {
    const config = parseModelsConfig(`${openaiProvider}models:\n  - { id: gpt-4o, provider: openai, style: chat }\n`, 'models.yaml');
    expect(config.models[0]).toEqual({
      id: 'gpt-4o',
      provider: 'openai',
      model: 'gpt-4o',
      kind: 'text',
      style: 'chat',
      label: 'gpt-4o',
    });
  });

  it('names file and place of a bad URL', () => {
    const text = 'providers:\n  openai: { type: openai, baseURL: not-a-url, apiKeyEnv: OPENAI_API_KEY }\nmodels: []\n';
    expect(() => parseModelsConfig(text, 'models.yaml')).toThrow('models.yaml: providers.openai.baseURL: Invalid URL (expected http:// or https://)');
  });

  it('reports every problem at once, schema and cross-entry alike', () => {
    const text = [
      'providers:',
      '  openai: { type: openai, baseURL: https://api.openai.com/v1 }',
      '  broken: { type: opnai }',
      'models:',
      '  - { id: a, provider: nope, style: chat, colour: red }',
      '  - { id: a, provider: openai }',
      '  - { id: c, provider: openai, style: banter, encoding: o300k }',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      'models.yaml: providers.openai.apiKeyEnv: set apiKeyEnv (like OPENAI_API_KEY), or apiKeyOptional: true for a server that needs no key',
      "models.yaml: providers.broken.type: Invalid discriminator value. Expected 'openai' | 'transformers'",
      'models.yaml: models[0]: Unrecognized key: "colour"',
      'models.yaml: models[2].style: Invalid option: expected one of "completion"|"chat"',
      'models.yaml: models[2].encoding: Invalid option: expected one of "r50k_base"|"p50k_base"|"cl100k_base"|"o200k_base"',
      'models.yaml: models[0].provider: unknown provider "nope" (configured: openai, broken)',
      'models.yaml: models[1].id: duplicate id "a" (also models[0])',
      'models.yaml: models[1].style: text models need style: chat or completion',
    ]);
  });

  it('gives line and column for YAML syntax errors', () => {
    expect(problems('providers: [\nmodels: []\n')[0]).toMatch(/^models\.yaml:\d+:\d+: /);
    expect(problems('')).toEqual(['models.yaml: the file is empty; it needs providers: and models:']);
  });

  it('reads transformers providers strictly: modelsDir, offline, remoteHost and nothing else', () => {
    const config = parseModelsConfig(
      'providers:\n  local: { type: transformers, modelsDir: models, offline: true }\nmodels:\n  - { id: clip, provider: local, model: Xenova/clip-vit-base-patch32, kind: image-text, options: { quantized: false } }\n',
      'models.yaml',
    );
    expect(config.providers.local).toEqual({ name: 'local', type: 'transformers', modelsDir: 'models', offline: true });
    expect(config.models[0]).toMatchObject({ id: 'clip', model: 'Xenova/clip-vit-base-patch32', kind: 'image-text', options: { quantized: false } });
    expect(problems('providers:\n  local: { type: transformers, threads: 2, remoteHost: ftp://x }\nmodels: []\n')).toEqual([
      'models.yaml: providers.local.remoteHost: Invalid URL (expected http:// or https://)',
      'models.yaml: providers.local: Unrecognized key: "threads"',
    ]);
  });

  it('rejects image-text models on an openai provider and style on image-text models', () => {
    expect(problems(`${openaiProvider}models:\n  - { id: clip, provider: openai, kind: image-text, style: chat }\n`)).toEqual([
      'models.yaml: models[0].style: style applies to text models only',
      'models.yaml: models[0].kind: provider "openai" (type openai) serves text models only',
    ]);
  });

  it('names a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'models-config-'));
    dirs.push(dir);
    const missing = path.join(dir, 'models.yaml');
    expect(() => loadModelsConfig(missing)).toThrow(`${missing}: file not found`);
    writeFileSync(missing, `${openaiProvider}models: []\n`);
    expect(loadModelsConfig(missing).models).toEqual([]);
  });
});
