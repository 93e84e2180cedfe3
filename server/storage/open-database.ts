// The embedded SQLite database. WAL lets the grader write while the server reads, and a busy
// timeout turns "database is locked" under parallel runs into a short wait instead of an error.
// A data directory the server cannot use (missing and not creatable, read-only, full) stops the
// start with one message naming the directory and what is wrong, not a SQLite stack trace.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SandboxError } from '../core/errors.js';
import { migrations } from './migrations.js';
import { describeStorageFault } from './storage-fault.js';

export type SqliteDatabase = Database.Database;

/** The data directory (or its database) cannot be used; the message says which and why. */
export class DataDirectoryUnusable extends SandboxError {
  constructor(message: string, details: { dir: string; problem: 'missing' | 'read-only' | 'full' | 'unusable' }) {
    super('data_directory_unusable', message, details);
  }
}

export function openDatabase(file: string): SqliteDatabase {
  if (file === ':memory:') return prepare(new Database(file));
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DataDirectoryUnusable(
      `data directory ${dir} is missing and cannot be created (${code}: ${firstLine(error)}); create it or set SANDBOX_DATA_DIR to a writable directory`,
      { dir, problem: 'missing' },
    );
  }
  let db: SqliteDatabase | null = null;
  try {
    db = prepare(new Database(file));
    // Reading works on a read-only directory; find out now, not at the first submission.
    db.exec('BEGIN IMMEDIATE; ROLLBACK');
    return db;
  } catch (error) {
    db?.close();
    throw unusable(dir, file, error);
  }
}

function prepare(db: SqliteDatabase): SqliteDatabase {
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

function unusable(dir: string, file: string, error: unknown): DataDirectoryUnusable {
  const code = (error as { code?: unknown }).code;
  const cause = describeStorageFault(error);
  if (code === 'SQLITE_FULL' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR') && /space|full/i.test(cause))) {
    return new DataDirectoryUnusable(`data directory ${dir}: the disk is full (${cause}); free some space and start again`, { dir, problem: 'full' });
  }
  // access(2) answers for this user (and a read-only mount); SQLITE_READONLY also covers a file SQLite opened read-only.
  const readOnly = !writable(dir) || (fs.existsSync(file) && !writable(file)) || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'));
  if (readOnly) {
    return new DataDirectoryUnusable(
      `data directory ${dir} is read-only (${cause}); make it and ${path.basename(file)} writable by the user running the server, or set SANDBOX_DATA_DIR`,
      { dir, problem: 'read-only' },
    );
  }
  return new DataDirectoryUnusable(`data directory ${dir}: the database ${path.basename(file)} cannot be opened (${cause})`, { dir, problem: 'unusable' });
}

function writable(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function migrate(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    // Each migration and its record commit together, so a crash never leaves one half-applied.
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, new Date().toISOString());
    })();
  }
}
