// A database from before deadlines (migrations 1-4) upgrades: migration 5 adds the lateness
// columns and the extension tables, and the first start measures the stored submissions against
// the assignment file (a submission made after the due date becomes late, with its penalty),
// keeping their raw points and reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../server/storage/migrations.js';
import { deadlineTasksDir } from '../support/deadline-tasks.js';
import { createTestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram } from '../../testkit/sentiment-fixture.js';

describe('migration 5 on an older database', () => {
  it('adds lateness to the stored submissions at the first start, without re-grading', async () => {
    const tasks = deadlineTasksDir(`id: course
title: Course
timeZone: UTC
late: { kind: per-day, percent: 10, cap: 50 }
tasks:
  - { task: sentiment, due: "2027-01-22T23:59:00Z" }
`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deadlines-migration-'));
    const old = new Database(path.join(dir, 'sandbox.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const migration of migrations.filter((m) => m.id <= 4)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.id, migration.name, '2026-01-01T00:00:00.000Z');
    }
    old
      .prepare(
        "INSERT INTO users (id, email, name, role, section, created_at) VALUES ('u_old', 'old@example.edu', 'Old Student', 'student', NULL, '2026-01-01')",
      )
      .run();
    const insert =
      old.prepare(`INSERT INTO submissions (id, user_id, task_id, task_version, program, model, status, attempts, grade_count, points, max_points, metric, report, day, created_at, graded_at)
      VALUES (@id, 'u_old', 'sentiment', '1', @program, 'gpt-4o-mini', 'graded', 1, 1, @points, 10, 0.9, '{"kept":true}', '2027-01-22', @createdAt, @createdAt)`);
    const program = JSON.stringify(chatProgram);
    insert.run({ id: 's_on_time', program, points: 6, createdAt: '2027-01-22T20:00:00.000Z' });
    insert.run({ id: 's_late', program, points: 9, createdAt: '2027-01-24T12:00:00.000Z' });
    old.close();

    const sandbox = await createTestSandbox({ dir, baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', tasksDir: tasks.dir, startQueue: false });
    try {
      const rows = sandbox.db
        .prepare('SELECT id, points, report, grade_count, late_status, late_ms, penalty_percent, final_points FROM submissions ORDER BY id')
        .all();
      expect(rows).toEqual([
        {
          id: 's_late',
          points: 9,
          report: '{"kept":true}',
          grade_count: 1,
          late_status: 'late',
          late_ms: 36 * 3_600_000 + 60_000,
          penalty_percent: 20,
          final_points: 7.2,
        },
        { id: 's_on_time', points: 6, report: '{"kept":true}', grade_count: 1, late_status: 'on-time', late_ms: 0, penalty_percent: 0, final_points: 6 },
      ]);
      expect(sandbox.logs).toContain('deadlines: lateness and final points of 2 submissions recomputed for the current assignment files');
      const staff = sandbox.staff();
      const csv = (await request(sandbox.app).get('/api/staff/grades.csv').set(staff.auth).expect(200)).text;
      // Best final points: the late 9 (7.2 after 20 %) beats the on-time 6.
      expect(csv.trim().split('\r\n')[1]).toBe('old@example.edu,Old Student,,7.2,9,20,late,7.2');
    } finally {
      await sandbox.stop();
    }
  });
});
