// Submitting over HTTP and reading the outcome from the database. Every program is different (the
// surge program's numbered instruction), so no case is answered from the response cache. A batch's
// grading time is read from the rows: the first claim (started_at) to the last grade (graded_at),
// the same columns on both databases.
import Database from 'better-sqlite3';
import pg from 'pg';
import { surgeProgram } from '../surge/surge-task.js';
import { MODEL_ID } from './deployment.js';

export type Row = { id: string; status: string; started_at: string | null; graded_at: string | null; lease_owner: string | null };

/** The submissions rows of `ids`, from PostgreSQL or the SQLite file. */
export type RowReader = { rows(ids: string[]): Promise<Row[]>; close(): Promise<void> };

const COLUMNS = 'id, status, started_at, graded_at, lease_owner';

export function postgresRows(url: string): RowReader {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    // Tagged so that pg_stat_statements' figures can leave the benchmark's own reads out (pg-load.ts).
    rows: async (ids) => (await pool.query<Row>(`/* bench-scale */ SELECT ${COLUMNS} FROM submissions WHERE id = ANY($1)`, [ids])).rows,
    close: () => pool.end(),
  };
}

export function sqliteRows(file: string): RowReader {
  const db = new Database(file, { readonly: true });
  db.pragma('busy_timeout = 5000');
  return {
    rows: async (ids) => db.prepare(`SELECT ${COLUMNS} FROM submissions WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[],
    close: async () => void db.close(),
  };
}

let programIndex = 0;

/** POST /api/submissions of a fresh program; the id and the answer's latency. */
export async function submit(base: string, token: string): Promise<{ id: string; ms: number }> {
  const tick = performance.now();
  const response = await fetch(`${base}/api/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ taskId: 'surge', program: surgeProgram(MODEL_ID, programIndex++) }),
  });
  const body = await response.text();
  const ms = performance.now() - tick;
  if (response.status !== 202) throw new Error(`POST /api/submissions answered ${response.status}: ${body}`);
  return { id: (JSON.parse(body) as { submission: { id: string } }).submission.id, ms };
}

/** `count` submissions as fast as 4 clients can send them, round robin over the web processes and the students. */
export async function submitBatch(bases: string[], tokens: string[], count: number): Promise<{ ids: string[]; ms: number[] }> {
  const ids: string[] = [];
  const ms: number[] = [];
  let next = 0;
  const client = async () => {
    for (let n = next++; n < count; n = next++) {
      const sent = await submit(bases[n % bases.length]!, tokens[n % tokens.length]!);
      ids.push(sent.id);
      ms.push(sent.ms);
    }
  };
  await Promise.all(Array.from({ length: 4 }, client));
  return { ids, ms };
}

export type BatchTiming = { graded: number; failed: number; firstClaim: number; lastGraded: number; owners: string[]; byOwner: Record<string, number> };

/** Waits until every submission of `ids` is graded or failed (at most `timeoutMs`); the timing from the rows. */
export async function waitGraded(reader: RowReader, ids: string[], timeoutMs = 240_000): Promise<BatchTiming> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await reader.rows(ids);
    const done = rows.filter((row) => row.status === 'graded' || row.status === 'failed');
    if (done.length === ids.length) {
      return {
        graded: done.filter((row) => row.status === 'graded').length,
        failed: done.filter((row) => row.status === 'failed').length,
        firstClaim: Math.min(...done.map((row) => Date.parse(row.started_at ?? ''))),
        lastGraded: Math.max(...done.map((row) => Date.parse(row.graded_at ?? ''))),
        owners: [...new Set(done.map((row) => row.lease_owner ?? ''))],
        byOwner: Object.fromEntries(
          [...new Set(done.map((row) => row.lease_owner ?? ''))].map((owner) => [owner, done.filter((row) => (row.lease_owner ?? '') === owner).length]),
        ),
      };
    }
    if (Date.now() > deadline) throw new Error(`${ids.length - done.length} of ${ids.length} submissions not graded within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
