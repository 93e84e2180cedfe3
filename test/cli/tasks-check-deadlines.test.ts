// `sandbox tasks check` shows an assignment file's deadline problems with file and line, like a
// task's, and fails; a valid one is ok. The real CLI in a child process.
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { deadlineTasksDir } from '../support/deadline-tasks.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';

const bad = deadlineTasksDir(`id: course
title: Course
timeZone: America/Los_Angeles
grace: 15m
tasks:
  - task: sentiment
    due: "2027-04-02T23:59:00-08:00"
    cutoff: "2027-04-01T23:59:00-07:00"
`);
afterAll(() => fs.rmSync(bad.dir, { recursive: true, force: true }));

function tasksCheck(tasksDir: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_')));
  const env = { ...clean, SANDBOX_TASKS_DIR: tasksDir, SANDBOX_DATA_DIR: bad.dir, SANDBOX_OFFLINE: '1', OPENAI_API_KEY: '', NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/sandbox.js', 'tasks', 'check', '--no-run', ...args], { cwd: repoRoot, env, timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}

describe('tasks check on deadlines', () => {
  it('names the file, line and key of each deadline problem and fails', { timeout: 60_000 }, async () => {
    const result = await tasksCheck(bad.dir, 'assignments/course.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL assignments/course.yaml');
    expect(result.stdout).toContain(
      'assignments/course.yaml line 7 (tasks[0].due): 2027-04-02T23:59:00-08:00 has offset -08:00 but America/Los_Angeles is at -07:00 on that date (daylight saving time?); write -07:00',
    );
    expect(result.stdout).toContain(
      'assignments/course.yaml line 8 (tasks[0].cutoff): the cutoff 2027-04-01T23:59:00-07:00 is before the due date plus the grace period',
    );
    bad.write('id: course\ntitle: Course\ntimeZone: America/Los_Angeles\ntasks:\n  - { task: sentiment, due: "2027-04-02T23:59:00-07:00", cutoff: 2d }\n');
    const fixed = await tasksCheck(bad.dir, 'assignments/course.yaml');
    expect(fixed.stdout).toMatch(/ok\s+assignments\/course\.yaml/);
    expect(fixed.code).toBe(0);
  });
});
