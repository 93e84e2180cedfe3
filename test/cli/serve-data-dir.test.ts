// `sandbox serve` on a data directory it cannot use stops at once with one line naming the
// directory and what is wrong (missing, read-only, disk full) and a non-zero exit: the real CLI
// entry in a child process, configured through the environment like an operator would.
// The machine's tests may run as root, which ignores file permissions: the read-only cases then
// run the server as `nobody` (uid 65534), so the permissions are real. "Disk full" is SQLite's own
// SQLITE_FULL from a real ENOSPC: the database file is a link to /dev/full.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/open-database.js';
import { fixtureTasksDir, modelsYamlFor, repoRoot } from '../../testkit/sentiment-fixture.js';

let tmp: string;
let modelsYaml: string;
const asRoot = process.getuid?.() === 0;
// As root, run the server as an unprivileged user so that permissions apply.
const unprivileged = asRoot ? { uid: 65534, gid: 65534 } : {};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-data-dir-'));
  fs.chmodSync(tmp, 0o755);
  modelsYaml = path.join(tmp, 'models.yaml');
  fs.writeFileSync(modelsYaml, modelsYamlFor('http://127.0.0.1:9/v1'));
});
afterAll(() => {
  for (const dir of fs.readdirSync(tmp)) fs.chmodSync(path.join(tmp, dir), 0o755);
  fs.rmSync(tmp, { recursive: true, force: true });
});

function serve(dataDir: string, options: { uid?: number; gid?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: tmp,
    PORT: '0',
    SANDBOX_DATA_DIR: dataDir,
    SANDBOX_MODELS_CONFIG: modelsYaml,
    SANDBOX_TASKS_DIR: fixtureTasksDir,
    FAKE_OPENAI_KEY: 'unused',
    NO_COLOR: '1',
  };
  return new Promise((resolve) => {
    // A server that did start would listen forever: the timeout turns that into a failed assertion.
    execFile(process.execPath, ['bin/sandbox.js', 'serve'], { cwd: repoRoot, env, timeout: 25_000, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

function expectOneLine(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('sandbox serve on an unusable data directory', () => {
  it('missing and impossible to create (a file is in the way)', async () => {
    const blocker = path.join(tmp, 'not-a-directory');
    fs.writeFileSync(blocker, 'x');
    const dataDir = path.join(blocker, 'data');
    const result = await serve(dataDir);
    expectOneLine(result, new RegExp(`^sandbox: data directory ${escape(dataDir)} is missing and cannot be created \\((ENOTDIR|EEXIST)`));
  });

  it('read-only, on the first start (no database yet)', async () => {
    const dataDir = path.join(tmp, 'read-only-empty');
    fs.mkdirSync(dataDir);
    fs.chmodSync(dataDir, 0o555);
    const result = await serve(dataDir, unprivileged);
    expectOneLine(result, new RegExp(`^sandbox: data directory ${escape(dataDir)} is read-only \\(SQLITE_\\w+: .*\\); make it and sandbox.db writable`));
  });

  it('read-only, with the database of an earlier start in it', async () => {
    const dataDir = path.join(tmp, 'read-only-existing');
    fs.mkdirSync(dataDir);
    openDatabase(path.join(dataDir, 'sandbox.db')).close();
    for (const name of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, name), 0o444);
    fs.chmodSync(dataDir, 0o555);
    const result = await serve(dataDir, unprivileged);
    expectOneLine(result, new RegExp(`^sandbox: data directory ${escape(dataDir)} is read-only \\(SQLITE_\\w+: `));
  });

  it('disk full', async () => {
    const dataDir = path.join(tmp, 'full');
    fs.mkdirSync(dataDir);
    fs.symlinkSync('/dev/full', path.join(dataDir, 'sandbox.db'));
    const result = await serve(dataDir);
    expectOneLine(
      result,
      new RegExp(`^sandbox: data directory ${escape(dataDir)}: the disk is full \\(SQLITE_FULL: database or disk is full\\); free some space`),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
