// SQLite's own failures (better-sqlite3 throws SqliteError with codes such as SQLITE_FULL,
// SQLITE_READONLY, SQLITE_IOERR_WRITE): the database cannot store what it was asked to. They are the
// server's fault, never the caller's, and are reported in one line rather than as a stack.

// The primary result codes that mean "the storage cannot do it now", with their extended forms
// (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...). A constraint or misuse error is a bug, not a
// fault of the disk, and stays a plain 500.
const FAULTS = [
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_PROTOCOL',
];

export function isStorageFault(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && FAULTS.some((fault) => code === fault || code.startsWith(`${fault}_`));
}

/** One line: the SQLite code and its message, e.g. "SQLITE_FULL: database or disk is full". */
export function describeStorageFault(error: unknown): string {
  if (isStorageFault(error)) return `${error.code}: ${error.message}`;
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}
