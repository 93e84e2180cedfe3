// `sandbox extensions grant|list|revoke`: the real CLI entry in a child process on the same
// database as a server, configured through the environment. A grant makes a late submission on
// time (recomputed, not re-graded) and is audited as the OS user; bad flags say what is wrong.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsers } from '../../server/accounts/users.js';
import { openDatabase } from '../../server/storage/open-database.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';
import { deadlineTasksDir } from '../support/deadline-tasks.js';
import { modelsYamlFor, repoRoot } from '../../testkit/sentiment-fixture.js';

let tmp: string;
let env: Record<string, string | undefined>;
const tasks = deadlineTasksDir(`id: course
title: Course
timeZone: America/Los_Angeles
late: { kind: per-day, percent: 10, cap: 50 }
tasks:
  - { task: sentiment, due: "2027-01-22T23:59:00-08:00" }
`);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extensions-cli-'));
  const modelsYaml = path.join(tmp, 'models.yaml');
  fs.writeFileSync(modelsYaml, modelsYamlFor('http://127.0.0.1:9/v1'));
  env = { PATH: process.env.PATH, HOME: tmp, SANDBOX_DATA_DIR: tmp, SANDBOX_MODELS_CONFIG: modelsYaml, SANDBOX_TASKS_DIR: tasks.dir, NO_COLOR: '1' };
  // A student with one graded submission made two days late.
  const db = openDatabase(path.join(tmp, 'sandbox.db'));
  const clock = { now: () => Date.parse('2027-01-24T20:00:00-08:00') };
  const user = createUsers(db, clock).create({ email: 'ada@example.edu', name: 'Ada', role: 'student', section: null });
  const store = createSubmissionStore(db, clock);
  const { submission } = store.create(
    {
      userId: user.id,
      taskId: 'sentiment',
      taskVersion: '1',
      program: {},
      model: 'm',
      maxPoints: 10,
      lateness: { status: 'late', lateMs: 44 * 3_600_000 + 60_000, penaltyPercent: 20 },
    },
    null,
  );
  const claimed = store.claimNext()!;
  db.prepare("UPDATE submissions SET status = 'graded', lease = NULL, points = 9, final_points = 7.2, grade_count = 1 WHERE id = ?").run(claimed.id);
  expect(submission.id).toBe(claimed.id);
  db.close();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sandbox(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/sandbox.js', 'extensions', ...args], { cwd: repoRoot, env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const row = () => {
  const db = openDatabase(path.join(tmp, 'sandbox.db'));
  try {
    return db.prepare('SELECT late_status, penalty_percent, points, final_points, grade_count FROM submissions').get();
  } finally {
    db.close();
  }
};

describe('sandbox extensions', () => {
  it('grants, lists, audits and revokes; the submission follows without a re-grade', { timeout: 60_000 }, async () => {
    const granted = await sandbox('grant', '--email', 'ada@example.edu', '--task', 'sentiment', '--due', '2027-01-25T23:59:00-08:00', '--note', 'flu');
    expect(granted.stderr).toBe('');
    expect(granted.code).toBe(0);
    const who = `cli:${os.userInfo().username}`;
    expect(granted.stdout).toBe(
      `extension for ada@example.edu on sentiment: due Mon, Jan 25, 2027, 11:59 PM PST (2027-01-25T23:59:00-08:00), cutoff none (recorded as ${who})\n`,
    );
    expect(row()).toEqual({ late_status: 'on-time', penalty_percent: 0, points: 9, final_points: 9, grade_count: 1 });

    const list = await sandbox('list', '--task', 'sentiment');
    expect(list.stdout).toMatch(
      new RegExp(`^ada@example\\.edu\\tsentiment\\tdue 2027-01-25T23:59:00-08:00\\tcutoff \\(late window kept\\)\\tby ${who} at .+\\tflu\\n$`),
    );

    const revoked = await sandbox('revoke', '--email', 'ada@example.edu', '--task', 'sentiment');
    expect(revoked.stdout).toBe(`revoked the extension of ada@example.edu on sentiment (recorded as ${who})\n`);
    expect(row()).toEqual({ late_status: 'late', penalty_percent: 20, points: 9, final_points: 7.2, grade_count: 1 });
    const again = await sandbox('revoke', '--email', 'ada@example.edu', '--task', 'sentiment');
    expect(again).toMatchObject({ code: 1, stderr: 'sandbox: ada@example.edu has no extension on sentiment\n' });

    const audit = await sandbox('list', '--audit');
    const lines = audit.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(lines.map((l) => [l[1], l[2], l[3], l[6]])).toEqual([
      ['grant', 'ada@example.edu', 'sentiment', who],
      ['revoke', 'ada@example.edu', 'sentiment', who],
    ]);
  });

  it('refuses a due date without an offset, an unknown student and an unknown task, with the reason', { timeout: 60_000 }, async () => {
    const noOffset = await sandbox('grant', '--email', 'ada@example.edu', '--task', 'sentiment', '--due', '2027-01-25 23:59');
    expect(noOffset.code).toBe(2);
    expect(noOffset.stderr).toMatch(/^sandbox: --due: must be an ISO 8601 date and time with its offset/);
    const nobody = await sandbox('grant', '--email', 'bo@example.edu', '--task', 'sentiment', '--due', '2027-01-25T23:59:00-08:00');
    expect(nobody).toMatchObject({ code: 1, stderr: 'sandbox: no account with the email bo@example.edu; import the roster first\n' });
    const noTask = await sandbox('grant', '--email', 'ada@example.edu', '--task', 'nli', '--due', '2027-01-25T23:59:00-08:00');
    expect(noTask.code).toBe(1);
    expect(noTask.stderr).toMatch(/^sandbox: no task "nli"/);
  });
});
