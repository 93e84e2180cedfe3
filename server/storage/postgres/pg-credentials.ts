// Personal tokens, sessions and one-time sign-in codes on PostgreSQL (credentials.ts on SQLite has
// the rules). Every lookup reads the database, so a revocation written by any instance ends the
// token and the sessions made with it on every instance at once.
import type { CredentialsPort } from '../../accounts/account-ports.js';
import { hashSecret, newId, newSecret } from '../../accounts/secrets.js';
import type { Clock } from '../../clock.js';
import type { Db } from './pg-db.js';

// After a revoke every token of the user but a new one is revoked: this ends the sessions made with
// any of them, and the user's sessions of unknown origin; code sessions stay.
const endTokenSessions = `DELETE FROM sessions WHERE user_id = $1 AND made_with != 'code'
  AND (token_id IS NULL OR token_id IN (SELECT id FROM access_tokens WHERE user_id = $1 AND revoked_at IS NOT NULL))`;
const revoke = 'UPDATE access_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL';

export function createPgCredentials(db: Db, clock: Clock, options: { sessionDays: number }): CredentialsPort {
  const iso = (ms: number) => new Date(ms).toISOString();
  const activeRow = async (token: string) =>
    (await db.query<{ id: string; user_id: string }>('SELECT id, user_id FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hashSecret(token)]))
      .rows[0];
  return {
    issueToken: (userId) =>
      db.transaction(async (tx) => {
        const now = iso(clock.now());
        await tx.query(revoke, [now, userId]);
        await tx.query(endTokenSessions, [userId]);
        const token = newSecret('fms');
        await tx.query('INSERT INTO access_tokens (id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)', [newId('t'), userId, hashSecret(token), now]);
        return token;
      }),
    revokeToken: (userId) =>
      db.transaction(async (tx) => {
        const revoked = (await tx.query(revoke, [iso(clock.now()), userId])).rowCount > 0;
        await tx.query(endTokenSessions, [userId]);
        return revoked;
      }),
    userIdForToken: async (token) => (await activeRow(token))?.user_id ?? null,
    async activeToken(token) {
      const row = await activeRow(token);
      return row ? { tokenId: row.id, userId: row.user_id } : null;
    },
    async createSession(userId, origin) {
      const now = clock.now();
      await db.query('DELETE FROM sessions WHERE expires_at <= $1', [iso(now)]);
      const id = newSecret('sess');
      const expiresAt = now + options.sessionDays * 86_400_000;
      await db.query('INSERT INTO sessions (id_hash, user_id, created_at, expires_at, token_id, made_with) VALUES ($1, $2, $3, $4, $5, $6)', [
        hashSecret(id),
        userId,
        iso(now),
        iso(expiresAt),
        origin.kind === 'token' ? origin.tokenId : null,
        origin.kind,
      ]);
      return { id, expiresAt };
    },
    async userIdForSession(sessionId) {
      const { rows } = await db.query<{ user_id: string }>(
        `SELECT s.user_id FROM sessions s LEFT JOIN access_tokens t ON t.id = s.token_id
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND (s.made_with != 'token' OR (t.id IS NOT NULL AND t.revoked_at IS NULL))`,
        [hashSecret(sessionId), iso(clock.now())],
      );
      return rows[0]?.user_id ?? null;
    },
    async deleteSession(sessionId) {
      await db.query('DELETE FROM sessions WHERE id_hash = $1', [hashSecret(sessionId)]);
    },
    endSessions: async (userId) => (await db.query('DELETE FROM sessions WHERE user_id = $1', [userId])).rowCount,
    issueSignInCode: (userId, validHours) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        await tx.query('UPDATE sign_in_codes SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL', [iso(now), userId]);
        const code = newSecret('once');
        await tx.query('INSERT INTO sign_in_codes (code_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
          hashSecret(code),
          userId,
          iso(now),
          iso(now + validHours * 3_600_000),
        ]);
        return code;
      }),
    // One UPDATE: of two redemptions racing, only one finds the code unused.
    async redeemSignInCode(code) {
      const now = iso(clock.now());
      const { rows } = await db.query<{ user_id: string }>(
        'UPDATE sign_in_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id',
        [now, hashSecret(code)],
      );
      return rows[0]?.user_id ?? null;
    },
  };
}
