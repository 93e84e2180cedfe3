// Whose fault a failed grading is, and what each reader is told. 'program': the student's program
// cannot be graded as written (invalid for the task, prompt too long, a refused pattern): it is not
// retried, counts against the daily limit, and the student's message says what to fix.
// 'infrastructure': anything else (provider down, the time budget, a crash, a storage fault): it is
// retried while attempts remain, never counts, and staff read the reason.
import { ProgramError, SandboxError, errorMessage } from '../core/errors.js';
import type { GradingFailure } from './submission-store.js';

/** A grading ran longer than SANDBOX_GRADING_TIME_BUDGET_MS and was aborted. */
export class GradingTimeBudgetExceeded extends SandboxError {
  constructor(budgetMs: number) {
    super('grading_time_budget', `grading ran longer than its time budget of ${budgetMs} ms and was aborted`, { budgetMs });
  }
}

/** SQLite's own failures (better-sqlite3 throws SqliteError with codes such as SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR_WRITE). */
export function isStorageFault(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** One line: the SQLite code and its message, e.g. "SQLITE_FULL: database or disk is full". */
export function describeStorageFault(error: unknown): string {
  if (isStorageFault(error)) return `${error.code}: ${error.message}`;
  return firstLine(errorMessage(error));
}

export const INFRASTRUCTURE_MESSAGE =
  'grading failed on the server (the course staff can see why); this submission does not count against your daily limit';

export function classifyFailure(error: unknown, publicMessage: (error: unknown) => string): GradingFailure {
  if (error instanceof ProgramError) {
    return {
      kind: 'program',
      reason: `the program cannot be graded: ${firstLine(error.message)}`,
      message: `${publicMessage(error)}\nFix this in your program and submit again; this submission counts against your daily limit.`,
    };
  }
  if (error instanceof GradingTimeBudgetExceeded) return { kind: 'infrastructure', reason: error.message, message: INFRASTRUCTURE_MESSAGE };
  if (isStorageFault(error)) return { kind: 'infrastructure', reason: `storage fault: ${describeStorageFault(error)}`, message: INFRASTRUCTURE_MESSAGE };
  return { kind: 'infrastructure', reason: `grading crashed: ${error instanceof Error ? `${error.name}: ` : ''}${firstLine(errorMessage(error))}`, message: publicMessage(error) };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
