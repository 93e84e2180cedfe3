// Ids for the rows a request holds while it runs (request slots, budget reservations): unique
// across every process on the database, never shown to anyone, so they need no fresh randomness
// each: a random prefix drawn once per store, then a counter. Drawing 12 random bytes per row
// (accounts/secrets.ts's newId) was one call into the system's random source per row, 10-30 µs
// a request on the gateway's path (bench/README.md, gateway).
import { randomBytes } from 'node:crypto';

/** A source of ids `<prefix>_<12 random characters><counter in base 36>`, each different from every other source's. */
export function rowIds(prefix: string): () => string {
  // 9 bytes are always 12 base64url characters, so the counter after them cannot make two ids alike.
  const stem = `${prefix}_${randomBytes(9).toString('base64url')}`;
  let next = 0;
  return () => stem + (next++).toString(36);
}
