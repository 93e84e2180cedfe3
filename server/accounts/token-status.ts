// A person's personal-token state for staff: active, revoked or never issued, with its dates.
// Only the newest token row matters (issuing a token revokes the older ones).
import type { TokenStatus } from '../core/staff-desk-api.js';
import type { SqliteDatabase } from '../storage/open-database.js';

export function createTokenStatus(db: SqliteDatabase): (userId: string) => TokenStatus {
  const newest = db.prepare<[string], { created_at: string; revoked_at: string | null }>(
    'SELECT created_at, revoked_at FROM access_tokens WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );
  return (userId) => {
    const row = newest.get(userId);
    if (!row) return { status: 'none', issuedAt: null, revokedAt: null };
    return { status: row.revoked_at ? 'revoked' : 'active', issuedAt: row.created_at, revokedAt: row.revoked_at };
  };
}
