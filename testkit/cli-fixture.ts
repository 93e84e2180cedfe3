// The `sandbox` CLI run as a child process against the fixture tasks and the fake OpenAI server:
// a temp folder with a models.yaml pointing at the fake server, the environment the command reads,
// and a runner that returns the exit code and both streams instead of throwing on a failure.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type FakeOpenAIServer, startFakeOpenAIServer } from './fake-openai-server/index.js';
import { fixtureTasksDir, loadFixtureTask, modelsYamlFor, repoRoot, sentimentOracle } from './sentiment-fixture.js';

const run = promisify(execFile);

export type CliResult = { code: number; stdout: string; stderr: string };

export type CliFixture = {
  server: FakeOpenAIServer;
  tmp: string;
  env: NodeJS.ProcessEnv;
  /** `node bin/sandbox.js <args>` with the fixture's environment (and `extra` on top). */
  sandbox(args: string[], extra?: NodeJS.ProcessEnv): Promise<CliResult>;
  close(): Promise<void>;
};

/** The fake server answers the sentiment task right except on the hidden inputs in `wrongOn`. */
export async function startCliFixture(options: { apiKey: string; wrongOn: Set<string> }): Promise<CliFixture> {
  const task = loadFixtureTask('sentiment');
  const server = await startFakeOpenAIServer({ apiKey: options.apiKey, respond: sentimentOracle(task, options.wrongOn) });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  fs.writeFileSync(path.join(tmp, 'models.yaml'), modelsYamlFor(server.url));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SANDBOX_MODELS_CONFIG: path.join(tmp, 'models.yaml'),
    SANDBOX_DATA_DIR: path.join(tmp, 'data'),
    SANDBOX_TASKS_DIR: fixtureTasksDir,
    FAKE_OPENAI_KEY: options.apiKey,
    NO_COLOR: '1',
  };
  return {
    server,
    tmp,
    env,
    async sandbox(args, extra = {}) {
      try {
        const { stdout, stderr } = await run('node', ['bin/sandbox.js', ...args], { cwd: repoRoot, env: { ...env, ...extra } });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    },
    async close() {
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
