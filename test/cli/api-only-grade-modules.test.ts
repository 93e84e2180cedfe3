// API-only processes never load the local-model stack (@xenova/transformers, onnxruntime, sharp):
// the real CLI in a child process grades an API-model task against the fake OpenAI-compatible
// server, and serve starts and answers /healthz, while a preloaded reporter lists every module the
// child loaded. A local model is configured too, so "configured but unused" is what is proven.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask, modelsYamlFor, repoRoot, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { listeningUrl } from '../../testkit/listening-url.js';

const run = promisify(execFile);
const reporter = path.join(repoRoot, 'testkit/module-report/report-loaded-modules.js');
const LOCAL_STACK = ['/node_modules/@xenova/transformers/', '/node_modules/onnxruntime-node/', '/node_modules/onnxruntime-web/', '/node_modules/sharp/'];

let server: FakeOpenAIServer;
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const task = loadFixtureTask('sentiment');
  server = await startFakeOpenAIServer({ apiKey: 'k-modules', respond: sentimentOracle(task, new Set()) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'api-only-modules-'));
  const localModel = `  local: { type: transformers, offline: true, modelsDir: ${path.join(tmp, 'models')} }\n`;
  const yaml = modelsYamlFor(server.url).replace(
    'models:\n',
    `${localModel}models:\n  - { id: tiny-gpt2, provider: local, kind: text, style: completion, model: tiny/gpt2 }\n`,
  );
  fs.writeFileSync(path.join(tmp, 'models.yaml'), yaml);
  fs.writeFileSync(path.join(tmp, 'program.json'), JSON.stringify(chatProgram));
  env = {
    ...process.env,
    SANDBOX_MODELS_CONFIG: path.join(tmp, 'models.yaml'),
    SANDBOX_DATA_DIR: path.join(tmp, 'data'),
    SANDBOX_TASKS_DIR: fixtureTasksDir,
    FAKE_OPENAI_KEY: 'k-modules',
    NO_COLOR: '1',
    PORT: '0',
  };
});
afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function loadedModules(report: string): string[] {
  return [...new Set(fs.readFileSync(report, 'utf8').split('\n').filter(Boolean))];
}

function expectNoLocalStack(modules: string[]) {
  // The reporter saw the process's own imports: without them the absence below would prove nothing.
  expect(modules.some((url) => url.includes('/server/cli/main.'))).toBe(true);
  expect(modules.filter((url) => LOCAL_STACK.some((part) => url.includes(part)))).toEqual([]);
}

describe('an API-only process', () => {
  it('`sandbox grade` of an API-model task loads none of the local-model stack', async () => {
    const report = path.join(tmp, 'grade-modules.txt');
    const { stdout } = await run(
      process.execPath,
      ['--import', reporter, 'bin/sandbox.js', 'grade', '--task', 'sentiment', '--submission', path.join(tmp, 'program.json')],
      {
        cwd: repoRoot,
        env: { ...env, SANDBOX_MODULE_REPORT: report },
      },
    );
    expect(stdout).toContain('32 of 32 cases right.');
    const modules = loadedModules(report);
    expect(modules.some((url) => url.includes('/node_modules/openai/'))).toBe(true);
    expectNoLocalStack(modules);
    // Nor the web server's stack: grade imports only its own command.
    expect(modules.filter((url) => url.includes('/node_modules/express/'))).toEqual([]);
  });

  it('`sandbox serve` starts and answers /healthz without loading it', async () => {
    const report = path.join(tmp, 'serve-modules.txt');
    const child = spawn(process.execPath, ['--import', reporter, 'bin/sandbox.js', 'serve'], {
      cwd: repoRoot,
      env: { ...env, SANDBOX_MODULE_REPORT: report },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await listeningUrl(child);
      const health = await fetch(new URL('/healthz', url));
      expect(await health.json()).toEqual({ ok: true });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    expectNoLocalStack(loadedModules(report));
  });
});
