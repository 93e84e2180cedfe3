// Signed-in browsers for one test case each, so that no case leans on a sign-in, a roster or a
// submission made by the case before it. Staff sign in through a fresh one-time link from
// `sandbox staff sign-in` (the command a person runs); students are created by staff through the
// roster API (each with its own email and name) and signed in with their token. Every browser a
// case opens is closed after it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { openBrowserSession } from './chromium.js';
import type { RunningServer } from './sandbox-server.js';

const root = path.resolve(import.meta.dirname, '../../..');

const STAFF_EMAIL = 'e2e-staff@example.edu';

export type Session = { context: BrowserContext; page: Page };
export type Student = { email: string; name: string; token: string };

export function createSessions(options: {
  server: () => RunningServer;
  /** The environment the server runs with: the CLI must open the same database. */
  env: () => Record<string, string>;
  /** Called with each new browser (recorders, console listeners). */
  onOpen: (context: BrowserContext, role: 'staff' | 'student') => void;
}) {
  const open: (() => Promise<void>)[] = [];
  let students = 0;

  async function browser(role: 'staff' | 'student'): Promise<Session> {
    const session = await openBrowserSession();
    open.push(session.close);
    options.onOpen(session.context, role);
    return { context: session.context, page: await session.context.newPage() };
  }

  /** A new one-time staff sign-in URL, on the address the browser uses. */
  function staffLink(): string {
    // Its own staff account: a new code voids the account's unused ones, and the first staff
    // account's printed link is the one a case signs in with.
    const printed = execFileSync(process.execPath, [path.join(root, 'bin/sandbox.js'), 'staff', 'sign-in', '--email', STAFF_EMAIL, '--name', 'Course Staff'], {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', ...options.env() },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return options.server().origin + new URL(printed).pathname;
  }

  /** A staff browser signed in through its own one-time link, on the home page. */
  async function staff(): Promise<Session> {
    const session = await browser('staff');
    await session.page.goto(staffLink());
    await session.page.waitForURL(`${options.server().origin}/`);
    return session;
  }

  /** A new student (unique email; `name` as given, unique per case), created by `by`, signed in as staff. */
  async function student(by: APIRequestContext, name: string): Promise<Student> {
    const email = `student-${++students}-${Date.now().toString(36)}@example.edu`;
    const response = await by.post(`${options.server().origin}/api/staff/roster`, {
      data: { csv: `email,name,section\n${email},${name},A\n` },
      headers: { origin: options.server().origin },
    });
    if (!response.ok()) throw new Error(`roster import failed: ${response.status()} ${await response.text()}`);
    const { created } = (await response.json()) as { created: Student[] };
    return created[0]!;
  }

  /** A student browser signed in with the token (as the sign-in form does), on the home page. */
  async function signedIn(who: Student): Promise<Session> {
    const session = await browser('student');
    const response = await session.context.request.post(`${options.server().origin}/api/auth/login`, {
      data: { token: who.token },
      headers: { origin: options.server().origin },
    });
    if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
    await session.page.goto(options.server().origin);
    return session;
  }

  /** Closes every browser opened since the last call (afterEach). */
  async function closeAll(): Promise<void> {
    for (const close of open.splice(0)) await close();
  }

  return { browser, staffLink, staff, student, signedIn, closeAll };
}
