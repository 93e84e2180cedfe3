// Personal access tokens, browser sessions and one-time sign-in codes. Each is a random secret
// given out once; the database holds its sha256, so a leaked database file signs nobody in.
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { hashSecret, newId, newSecret } from './secrets.js';

export type Credentials = {
  /** A new personal token for the user; any previous one stops working. Returned once, never stored. */
  issueToken(userId: string): string;
  /** Returns false when the user had no active token. */
  revokeToken(userId: string): boolean;
  hasActiveToken(userId: string): boolean;
  /** The user id a personal token belongs to, or null (unknown or revoked). */
  userIdForToken(token: string): string | null;
  createSession(userId: string): { id: string; expiresAt: number };
  userIdForSession(sessionId: string): string | null;
  deleteSession(sessionId: string): void;
  /** A single-use sign-in code (the URL printed at first start); earlier unused codes of the user are voided. */
  issueSignInCode(userId: string, validHours: number): string;
  /** Uses up a code: the user id when the code was valid, else null. Atomic, so a code signs in once. */
  redeemSignInCode(code: string): string | null;
};

export function createCredentials(db: SqliteDatabase, clock: Clock, options: { sessionDays: number }): Credentials {
  const iso = (ms: number) => new Date(ms).toISOString();
  const revoke = db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
  const insertToken = db.prepare('INSERT INTO access_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)');
  const activeToken = db.prepare<[string], number>('SELECT COUNT(*) FROM access_tokens WHERE user_id = ? AND revoked_at IS NULL').pluck();
  const tokenOwner = db.prepare<[string], string>('SELECT user_id FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL').pluck();
  const insertSession = db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const sessionOwner = db.prepare<[string, string], string>('SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?').pluck();
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const voidCodes = db.prepare('UPDATE sign_in_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL');
  const insertCode = db.prepare('INSERT INTO sign_in_codes (code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const redeem = db
    .prepare<[string, string, string], string>('UPDATE sign_in_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id')
    .pluck();

  const issueToken = db.transaction((userId: string): string => {
    const now = iso(clock.now());
    revoke.run(now, userId);
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
    revokeToken: (userId) => revoke.run(iso(clock.now()), userId).changes > 0,
    hasActiveToken: (userId) => (activeToken.get(userId) ?? 0) > 0,
    userIdForToken: (token) => tokenOwner.get(hashSecret(token)) ?? null,
    createSession(userId) {
      const now = clock.now();
      // Housekeeping on sign-in rather than a timer: sessions are few and sign-ins are rare.
      deleteExpired.run(iso(now));
      const id = newSecret('sess');
      const expiresAt = now + options.sessionDays * 86_400_000;
      insertSession.run(hashSecret(id), userId, iso(now), iso(expiresAt));
      return { id, expiresAt };
    },
    userIdForSession: (sessionId) => sessionOwner.get(hashSecret(sessionId), iso(clock.now())) ?? null,
    deleteSession: (sessionId) => void deleteSession.run(hashSecret(sessionId)),
    issueSignInCode: (userId, validHours) => issueCode(userId, validHours),
    redeemSignInCode: (code) => redeem.get(iso(clock.now()), hashSecret(code), iso(clock.now())) ?? null,
  };
}
