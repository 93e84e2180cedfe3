// `sandbox models list` and `sandbox models pull` as a user runs them: a child process, the real
// CLI, downloads through transformers.js from a stand-in hub on 127.0.0.1, imports of copied folders.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { prepareTinyModels, type TinyModels } from '../support/tiny-models.js';

const run = promisify(execFile);

let tiny: TinyModels;
let hub: FakeHub;
let tmp: string;

beforeAll(async () => {
  tiny = await prepareTinyModels();
  hub = await startFakeHub({
    'Xenova/distilgpt2': path.join(tiny.modelsDir, 'tiny-gpt2'),
    'Xenova/clip-vit-base-patch32': path.join(tiny.modelsDir, 'tiny-clip'),
  });
  tmp = mkdtempSync(path.join(tmpdir(), 'models-cli-'));
});
afterAll(async () => {
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A models.yaml whose local provider downloads from `remoteHost`. */
function modelsYaml(name: string, remoteHost: string): string {
  const file = path.join(tmp, name);
  writeFileSync(
    file,
    `providers:
  hub: { type: transformers, remoteHost: "${remoteHost}" }
  openai: { type: openai, baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: TEST_OPENAI_KEY }
models:
  - { id: distilgpt2, provider: hub, model: Xenova/distilgpt2, kind: text, style: completion }
  - { id: clip-vit-base-patch32, provider: hub, model: Xenova/clip-vit-base-patch32, kind: image-text }
  - { id: gpt-4o-mini, provider: openai, kind: text, style: chat }
`,
  );
  return file;
}

async function sandbox(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_') && key !== 'TEST_OPENAI_KEY'));
  const started = performance.now();
  try {
    const { stdout, stderr } = await run('node', ['bin/sandbox.js', ...args], {
      cwd: repoRoot,
      env: { ...clean, NO_COLOR: '1', SANDBOX_DATA_DIR: path.join(tmp, 'data'), ...env },
    });
    return { code: 0, stdout, stderr, ms: performance.now() - started };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, ms: performance.now() - started };
  }
}

const columns = (stdout: string, id: string) =>
  stdout
    .split('\n')
    .find((line) => line.startsWith(`${id} `))
    ?.trim()
    .split(/\s{2,}/);

describe('sandbox models list', () => {
  it('shows every configured model with its kind, style, cache state and size', async () => {
    const result = await sandbox(['models', 'list'], tiny.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Local models of provider local: ${tiny.modelsDir} (offline)`);
    expect(columns(result.stdout, 'distilgpt2')).toEqual([
      'distilgpt2',
      'local',
      'text',
      'completion',
      'tiny-gpt2',
      'cached',
      expect.stringMatching(/^\d+\.\d KB$/),
    ]);
    expect(columns(result.stdout, 'qwen1.5-0.5b-chat')).toEqual([
      'qwen1.5-0.5b-chat',
      'local',
      'text',
      'chat',
      'tiny-gpt2-chat',
      'cached',
      expect.stringMatching(/KB$/),
    ]);
    expect(columns(result.stdout, 'clip-vit-base-patch32')).toEqual([
      'clip-vit-base-patch32',
      'local',
      'image-text',
      '-',
      'tiny-clip',
      'cached',
      expect.stringMatching(/KB$/),
    ]);
    expect(columns(result.stdout, 'gpt-4o-mini')).toEqual(['gpt-4o-mini', 'openai', 'text', 'chat', 'gpt-4o-mini', 'no key needed']);
    expect(result.stdout).not.toContain('Fetch the missing');
  });

  it('says which local models are missing or incomplete, and whether API keys are set', async () => {
    const dir = path.join(tmp, 'partial');
    cpSync(path.join(tiny.modelsDir, 'tiny-clip'), path.join(dir, 'Xenova/clip-vit-base-patch32'), {
      recursive: true,
      filter: (source) => !source.endsWith('vision_model_quantized.onnx'),
    });
    const env = { SANDBOX_MODELS_DIR: dir, SANDBOX_MODELS_CONFIG: modelsYaml('list.yaml', hub.url) };
    const result = await sandbox(['models', 'list'], env);
    expect(columns(result.stdout, 'distilgpt2')).toEqual(['distilgpt2', 'hub', 'text', 'completion', 'Xenova/distilgpt2', 'missing']);
    expect(columns(result.stdout, 'clip-vit-base-patch32')?.slice(5, 6)).toEqual(['incomplete (no onnx/vision_model_quantized.onnx)']);
    expect(columns(result.stdout, 'gpt-4o-mini')?.[5]).toBe('TEST_OPENAI_KEY not set');
    expect(result.stdout).toContain('Fetch the missing local models with: sandbox models pull distilgpt2 clip-vit-base-patch32');
    const withKey = await sandbox(['models', 'list'], { ...env, TEST_OPENAI_KEY: 'sk-test' });
    expect(columns(withKey.stdout, 'gpt-4o-mini')?.[5]).toBe('TEST_OPENAI_KEY set');
    expect(withKey.stdout).not.toContain('sk-test');
  });
});

describe('sandbox models pull', () => {
  it('downloads through transformers.js with progress on stderr; the pulled model then grades offline', async () => {
    const dir = path.join(tmp, 'pulled');
    const env = { SANDBOX_MODELS_DIR: dir, SANDBOX_MODELS_CONFIG: modelsYaml('pull.yaml', hub.url) };
    const result = await sandbox(['models', 'pull', 'distilgpt2', 'Xenova/clip-vit-base-patch32'], env);
    expect(result.stderr).not.toContain('sandbox:');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^pulled distilgpt2 \\(Xenova/distilgpt2\\) into ${dir} in \\d+\\.\\d s$`, 'm'));
    expect(result.stdout).toMatch(/^pulled clip-vit-base-patch32 \(Xenova\/clip-vit-base-patch32\) into /m);
    // One progress line per file the provider loads (from the library's progress_callback).
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/decoder_model_merged_quantized.onnx']) {
      expect(result.stderr).toMatch(new RegExp(`^  distilgpt2 \\(Xenova/distilgpt2\\) ${file.replace('.', '\\.')} [\\d.]+ K?B$`, 'm'));
    }
    expect(result.stderr).toMatch(/^ {2}clip-vit-base-patch32 \(Xenova\/clip-vit-base-patch32\) onnx\/vision_model_quantized\.onnx /m);
    expect(existsSync(path.join(dir, 'Xenova/distilgpt2/onnx/decoder_model_merged_quantized.onnx'))).toBe(true);
    expect(hub.requests).toContain('HEAD /Xenova/distilgpt2/resolve/main/config.json 200');

    const listed = await sandbox(['models', 'list'], env);
    expect(columns(listed.stdout, 'distilgpt2')?.[5]).toBe('cached');

    // Pulling again downloads nothing.
    const before = hub.requests.length;
    const again = await sandbox(['models', 'pull', 'distilgpt2'], env);
    expect(again.stdout.trim()).toBe(`distilgpt2 (Xenova/distilgpt2) is already in ${dir}`);
    expect(hub.requests.length).toBe(before);

    // The downloaded files are what the grader loads, offline.
    const program = path.join(tmp, 'next-letter.json');
    writeFileSync(
      program,
      JSON.stringify({
        kind: 'text',
        task: 'next-letter',
        model: 'distilgpt2',
        style: 'completion',
        template: { input: '{input}', output: '{output}', joiner: '' },
        decoding: { maxTokens: 1 },
      }),
    );
    // The fixture task allows four text ids; here they all name the pulled folder.
    const gradeYaml = path.join(tmp, 'grade.yaml');
    writeFileSync(
      gradeYaml,
      `providers:\n  hub: { type: transformers }\nmodels:\n${['distilgpt2', 'gpt2', 'qwen1.5-0.5b', 'qwen1.5-0.5b-chat']
        .map((id) => `  - { id: ${id}, provider: hub, model: Xenova/distilgpt2, kind: text, style: ${id.endsWith('chat') ? 'chat' : 'completion'} }\n`)
        .join('')}`,
    );
    const graded = await sandbox(['grade', '--submission', program, '--split', 'dev'], {
      SANDBOX_MODELS_DIR: dir,
      SANDBOX_MODELS_CONFIG: gradeYaml,
      SANDBOX_OFFLINE: '1',
      SANDBOX_TASKS_DIR: path.join(repoRoot, 'test/fixtures/local-tasks'),
    });
    expect(graded.stdout).toContain('4 of 4 cases right.');
  });

  it('offline, fails at once with the documented message and downloads nothing', async () => {
    const result = await sandbox(['models', 'pull'], {
      SANDBOX_MODELS_DIR: path.join(tmp, 'offline'),
      SANDBOX_OFFLINE: '1',
      SANDBOX_MODELS_CONFIG: modelsYaml('offline.yaml', hub.url),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'sandbox: models pull downloads from the Hugging Face Hub, but offline mode is on for distilgpt2, clip-vit-base-patch32 ' +
        '(SANDBOX_OFFLINE, or offline: true for provider hub in pull-offline.yaml). '.replace('pull-offline.yaml', path.join(tmp, 'offline.yaml')) +
        'Pull on a machine with internet access and copy its models directory here, or import a copied model folder with `sandbox models pull <id> --from <folder>`',
    );
    expect(existsSync(path.join(tmp, 'offline'))).toBe(false);
  });

  it('without network, fails fast naming the hub and the --from alternative', async () => {
    // A port nobody listens on: connections are refused at once, like a machine without network.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const host = `http://127.0.0.1:${port}/`;
    const result = await sandbox(['models', 'pull', 'distilgpt2'], {
      SANDBOX_MODELS_DIR: path.join(tmp, 'nonet'),
      SANDBOX_MODELS_CONFIG: modelsYaml('nonet.yaml', host),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `sandbox: distilgpt2 (Xenova/distilgpt2): cannot reach ${host} to download Xenova/distilgpt2 (ECONNREFUSED). ` +
        'On a machine without internet access, copy the model folder from a connected machine (its models directory has Xenova/distilgpt2/) ' +
        'and run `sandbox models pull distilgpt2 --from <folder>`',
    );
    expect(existsSync(path.join(tmp, 'nonet', 'Xenova'))).toBe(false);
  });

  it('--from imports a copied folder offline after checking it; an incomplete copy is refused', async () => {
    const dir = path.join(tmp, 'imported');
    const env = { SANDBOX_MODELS_DIR: dir, SANDBOX_OFFLINE: '1', SANDBOX_MODELS_CONFIG: modelsYaml('import.yaml', 'http://127.0.0.1:9/') };
    const broken = path.join(tmp, 'usb', 'clip-copy');
    cpSync(path.join(tiny.modelsDir, 'tiny-clip'), broken, { recursive: true, filter: (source) => !source.endsWith('preprocessor_config.json') });
    const refused = await sandbox(['models', 'pull', 'clip-vit-base-patch32', '--from', broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${broken} is not a complete image-text model for clip-vit-base-patch32: it lacks preprocessor_config.json`);
    expect(existsSync(path.join(dir, 'Xenova'))).toBe(false);

    // The model's own folder, and a copied models directory holding <repo>/ folders.
    const single = await sandbox(['models', 'pull', 'clip-vit-base-patch32', '--from', path.join(tiny.modelsDir, 'tiny-clip')], env);
    expect(single.stdout).toMatch(
      new RegExp(
        `^imported clip-vit-base-patch32 \\(Xenova/clip-vit-base-patch32\\) from ${path.join(tiny.modelsDir, 'tiny-clip')} into ${dir}: [\\d.]+ KB$`,
        'm',
      ),
    );
    const copiedDir = path.join(tmp, 'usb', 'models');
    cpSync(path.join(tiny.modelsDir, 'tiny-gpt2'), path.join(copiedDir, 'Xenova/distilgpt2'), { recursive: true });
    const nested = await sandbox(['models', 'pull', 'distilgpt2', '--from', copiedDir], env);
    expect(nested.stdout).toContain(`imported distilgpt2 (Xenova/distilgpt2) from ${path.join(copiedDir, 'Xenova/distilgpt2')} into ${dir}`);
    const listed = await sandbox(['models', 'list'], env);
    expect(columns(listed.stdout, 'distilgpt2')?.[5]).toBe('cached');
    expect(columns(listed.stdout, 'clip-vit-base-patch32')?.[5]).toBe('cached');
  });

  it('rejects ids that are not local models', async () => {
    const env = { SANDBOX_MODELS_CONFIG: modelsYaml('ids.yaml', hub.url), SANDBOX_MODELS_DIR: path.join(tmp, 'ids') };
    const api = await sandbox(['models', 'pull', 'gpt-4o-mini'], env);
    expect(api.code).toBe(2);
    expect(api.stderr).toContain('model gpt-4o-mini is served by provider openai over its API; there is nothing to pull');
    const unknown = await sandbox(['models', 'pull', 'llama'], env);
    expect(unknown.stderr).toContain(`no local model "llama" in ${path.join(tmp, 'ids.yaml')}; local models: distilgpt2, clip-vit-base-patch32`);
  });
});
