// A person's personal-token state for staff: active, revoked or never issued, with its dates.
// Only the newest token row matters (issuing a token revokes the older ones). The roster reads
// everyone's at once, in one query, instead of one query a student.
import type { TokenStatus } from '../core/staff-desk-api.js';
import type { SqliteDatabase } from '../storage/open-database.js';

/** The newest access_tokens row of a person, as both adapters read it. */
export type NewestToken = { created_at: string; revoked_at: string | null };

export function tokenStatusOf(row: NewestToken | undefined): TokenStatus {
  if (!row) return { status: 'none', issuedAt: null, revokedAt: null };
  return { status: row.revoked_at ? 'revoked' : 'active', issuedAt: row.created_at, revokedAt: row.revoked_at };
}

export function createTokenStatus(db: SqliteDatabase): (userId: string) => TokenStatus {
  const newest = db.prepare<[string], NewestToken>(
    'SELECT created_at, revoked_at FROM access_tokens WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );
  return (userId) => tokenStatusOf(newest.get(userId));
}

/** Everyone's token status by user id; a person missing from the map has never had a token. */
export function createTokenStatusByUser(db: SqliteDatabase): () => Map<string, TokenStatus> {
  const newest = db.prepare<[], NewestToken & { user_id: string }>(
    `SELECT user_id, created_at, revoked_at FROM (
       SELECT user_id, created_at, revoked_at, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at DESC, rowid DESC) AS n
       FROM access_tokens
     ) WHERE n = 1`,
  );
  return () => new Map(newest.all().map((row) => [row.user_id, tokenStatusOf(row)]));
}
