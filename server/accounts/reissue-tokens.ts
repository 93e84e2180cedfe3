// New personal tokens for several people at once (the roster's token export), in one transaction:
// if the database refuses a write half-way, nobody's token changed, rather than some students
// holding new tokens that no one ever saw.
import type { SqliteDatabase } from '../storage/open-database.js';
import type { Credentials } from './credentials.js';

export function createTokenReissue(db: SqliteDatabase, credentials: Credentials): (userIds: readonly string[]) => string[] {
  const run = db.transaction((userIds: readonly string[]) => userIds.map((id) => credentials.issueToken(id)));
  return (userIds) => run.immediate(userIds);
}
