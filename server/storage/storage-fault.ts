// SQLite's own failures (better-sqlite3 throws SqliteError with codes such as SQLITE_FULL,
// SQLITE_READONLY, SQLITE_IOERR_WRITE): the database cannot store what it was asked to. They are the
// server's fault, never the caller's, and are reported in one line rather than as a stack.

export function isStorageFault(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** One line: the SQLite code and its message, e.g. "SQLITE_FULL: database or disk is full". */
export function describeStorageFault(error: unknown): string {
  if (isStorageFault(error)) return `${error.code}: ${error.message}`;
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}
