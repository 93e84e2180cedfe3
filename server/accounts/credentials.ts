// Personal access tokens, browser sessions and one-time sign-in codes. Each is a random secret
// given out once; the database holds its sha256, so a leaked database file signs nobody in.
// A session remembers the credential it was made with: revoking or re-issuing a token ends the
// sessions made with it (they are deleted in the same transaction, and a session lookup also
// checks its token is still active, so a revocation written by another process ends them too).
// Sessions made with a one-time code (staff at first start or from `staff sign-in`) belong to no
// token: they survive a change of that person's token and end with sign-out, "end sessions" or
// their expiry.
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { hashSecret, newId, newSecret } from './secrets.js';

/** What a session was made with: a personal token (its row id) or a one-time sign-in code. */
export type SessionOrigin = { kind: 'token'; tokenId: string } | { kind: 'code' };

export type Credentials = {
  /** A new personal token for the user; any previous one stops working. Returned once, never stored. */
  issueToken(userId: string): string;
  /** Returns false when the user had no active token. Ends the sessions made with it. */
  revokeToken(userId: string): boolean;
  /** The user id a personal token belongs to, or null (unknown or revoked). */
  userIdForToken(token: string): string | null;
  /** The active token row a personal token is, for a sign-in that records it; null when unknown or revoked. */
  activeToken(token: string): { tokenId: string; userId: string } | null;
  createSession(userId: string, origin: SessionOrigin): { id: string; expiresAt: number };
  /** The session's user while the session lives and, for a token session, while its token is active. */
  userIdForSession(sessionId: string): string | null;
  deleteSession(sessionId: string): void;
  /** Ends every session of the user (any credential); returns how many there were. */
  endSessions(userId: string): number;
  /** A single-use sign-in code (the URL printed at first start); earlier unused codes of the user are voided. */
  issueSignInCode(userId: string, validHours: number): string;
  /** Uses up a code: the user id when the code was valid, else null. Atomic, so a code signs in once. */
  redeemSignInCode(code: string): string | null;
};

export function createCredentials(db: SqliteDatabase, clock: Clock, options: { sessionDays: number }): Credentials {
  const iso = (ms: number) => new Date(ms).toISOString();
  const revoke = db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
  const insertToken = db.prepare('INSERT INTO access_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)');
  const tokenOwner = db.prepare<[string], string>('SELECT user_id FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL').pluck();
  const tokenRow = db.prepare<[string], { id: string; user_id: string }>('SELECT id, user_id FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL');
  const insertSession = db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at, token_id, made_with) VALUES (?, ?, ?, ?, ?, ?)');
  // A token session lives only while its token does ('unknown': made before sessions recorded it).
  const sessionOwner = db
    .prepare<[string, string], string>(
      `SELECT s.user_id FROM sessions s LEFT JOIN access_tokens t ON t.id = s.token_id
       WHERE s.id_hash = ? AND s.expires_at > ? AND (s.made_with != 'token' OR (t.id IS NOT NULL AND t.revoked_at IS NULL))`,
    )
    .pluck();
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  // After a revoke every token of the user but a new one is revoked: this ends the sessions made
  // with any of them, and the user's sessions of unknown origin; code sessions stay.
  const endTokenSessions = db.prepare(
    `DELETE FROM sessions WHERE user_id = ? AND made_with != 'code'
     AND (token_id IS NULL OR token_id IN (SELECT id FROM access_tokens WHERE user_id = ? AND revoked_at IS NOT NULL))`,
  );
  const endAllSessions = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const voidCodes = db.prepare('UPDATE sign_in_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL');
  const insertCode = db.prepare('INSERT INTO sign_in_codes (code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const redeem = db
    .prepare<[string, string, string], string>(
      'UPDATE sign_in_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id',
    )
    .pluck();

  const revokeToken = db.transaction((userId: string): boolean => {
    const revoked = revoke.run(iso(clock.now()), userId).changes > 0;
    endTokenSessions.run(userId, userId);
    return revoked;
  });
  const issueToken = db.transaction((userId: string): string => {
    const now = iso(clock.now());
    revoke.run(now, userId);
    endTokenSessions.run(userId, userId);
    const token = newSecret('fms');
    insertToken.run(newId('t'), userId, hashSecret(token), now);
    return token;
  });
  const issueCode = db.transaction((userId: string, validHours: number): string => {
    const now = clock.now();
    voidCodes.run(iso(now), userId);
    const code = newSecret('once');
    insertCode.run(hashSecret(code), userId, iso(now), iso(now + validHours * 3_600_000));
    return code;
  });

  return {
    issueToken: (userId) => issueToken(userId),
    revokeToken: (userId) => revokeToken(userId),
    userIdForToken: (token) => tokenOwner.get(hashSecret(token)) ?? null,
    activeToken(token) {
      const row = tokenRow.get(hashSecret(token));
      return row ? { tokenId: row.id, userId: row.user_id } : null;
    },
    createSession(userId, origin) {
      const now = clock.now();
      // Housekeeping on sign-in rather than a timer: sessions are few and sign-ins are rare.
      deleteExpired.run(iso(now));
      const id = newSecret('sess');
      const expiresAt = now + options.sessionDays * 86_400_000;
      insertSession.run(hashSecret(id), userId, iso(now), iso(expiresAt), origin.kind === 'token' ? origin.tokenId : null, origin.kind);
      return { id, expiresAt };
    },
    userIdForSession: (sessionId) => sessionOwner.get(hashSecret(sessionId), iso(clock.now())) ?? null,
    deleteSession: (sessionId) => void deleteSession.run(hashSecret(sessionId)),
    endSessions: (userId) => endAllSessions.run(userId).changes,
    issueSignInCode: (userId, validHours) => issueCode(userId, validHours),
    redeemSignInCode: (code) => redeem.get(iso(clock.now()), hashSecret(code), iso(clock.now())) ?? null,
  };
}
