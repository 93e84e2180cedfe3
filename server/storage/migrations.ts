// Schema changes, applied in order on open. Append only: never edit a migration that has shipped.
export const migrations: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'response cache',
    sql: `
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      );`,
  },
];
