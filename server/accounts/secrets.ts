// Secrets handed to people (personal tokens, session ids, one-time sign-in codes) are 256 random
// bits; only their sha256 is stored. A plain hash is enough for secrets this long: there is
// nothing to brute-force, and a lookup by hash needs no per-row salt.
import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret such as `fms_3q...` (the prefix tells people what the string is). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Short random ids for rows shown in URLs (users, submissions): not guessable, not sequential. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
