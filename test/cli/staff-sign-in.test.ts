// `sandbox staff sign-in`: a one-time staff link from the shell, through the real bin script.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, listeningUrl } from '../../server/cli/base-url.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { createTestSandbox } from '../../testkit/sandbox-app.js';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'staff-sign-in-'));
const env = { ...process.env, SANDBOX_DATA_DIR: dataDir, SANDBOX_PUBLIC_URL: 'https://sandbox.example.edu', NO_COLOR: '1' };
const sandboxCli = (...args: string[]) => run(process.execPath, [path.join(repoRoot, 'bin/sandbox.js'), ...args], { cwd: repoRoot, env });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('sandbox staff sign-in', () => {
  it('without a staff account and without --email, says what to do', async () => {
    const failed = await sandboxCli('staff', 'sign-in').catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/there is no staff account yet/);
  });

  it('creates a staff account for a new email and prints a link that signs in once', async () => {
    const { stdout, stderr } = await sandboxCli('staff', 'sign-in', '--email', 'prof@uni.edu', '--name', 'Prof');
    expect(stderr).toMatch(/created staff account prof@uni.edu/);
    const url = stdout.trim();
    expect(url).toMatch(/^https:\/\/sandbox\.example\.edu\/api\/auth\/one-time\/once_[\w-]{43}$/);

    const sandbox = await createTestSandbox({ dir: dataDir, baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', startQueue: false });
    const signedIn = await request(sandbox.app).get(new URL(url).pathname);
    expect(signedIn.status).toBe(302);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const me = await request(sandbox.app).get('/api/me').set('Cookie', cookie);
    expect(me.body.user).toMatchObject({ email: 'prof@uni.edu', name: 'Prof', role: 'staff' });
    const reused = await request(sandbox.app).get(new URL(url).pathname);
    expect([reused.status, reused.headers.location]).toEqual([302, '/signin?link=used']);
    await sandbox.stop();
  });

  it('without SANDBOX_PUBLIC_URL the link uses the host the server prints as its listening address, and it names the database', async () => {
    const { SANDBOX_PUBLIC_URL: _unset, ...rest } = env;
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/sandbox.js'), 'staff', 'sign-in'], {
      cwd: repoRoot,
      env: { ...rest, HOST: '127.0.0.1', PORT: '4123' },
    });
    expect(stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:4123\/api\/auth\/one-time\/once_/);
    expect(stderr).toContain(`using the database ${path.join(dataDir, 'sandbox.db')}`);
  });

  it('the listening line and the link share one base URL; a wildcard host reads as localhost', () => {
    expect(baseUrl({ publicUrl: null, host: '127.0.0.1' }, 3000)).toBe(listeningUrl('127.0.0.1', 3000));
    expect(baseUrl({ publicUrl: null, host: '0.0.0.0' }, 3000)).toBe('http://localhost:3000');
    expect(listeningUrl('::1', 8080)).toBe('http://[::1]:8080');
    expect(baseUrl({ publicUrl: 'https://sandbox.example.edu', host: '0.0.0.0' }, 3000)).toBe('https://sandbox.example.edu');
  });

  it('refuses a malformed email as a usage error', async () => {
    const bad = await sandboxCli('staff', 'sign-in', '--email', 'not-an-email').catch((error: { code: number; stderr: string }) => error);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/--email: /);
  });
});
