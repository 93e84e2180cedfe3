// The accounts service: people and their credentials, as the HTTP layer uses them.
import type { User } from '../core/api.js';
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { createCredentials, type Credentials } from './credentials.js';
import { createTokenUserCache } from './token-user-cache.js';
import { ensureFirstStaff } from './first-staff.js';
import { importRoster } from './import-roster.js';
import { createUsers, type Users } from './users.js';
import type { RosterResponse } from '../core/api.js';

export type Accounts = {
  users: Users;
  credentials: Credentials;
  userForToken(token: string): User | null;
  userForSession(sessionId: string): User | null;
  importRoster(csv: string): RosterResponse;
  /** Forgets the cached token -> user lookups (after a change of role made outside `users.update`). */
  forgetCachedUsers(): void;
  /** The one-time staff sign-in URL to print at start, or null when not needed. */
  ensureFirstStaff(publicUrl: string): string | null;
};

export function createAccounts(db: SqliteDatabase, clock: Clock, options: { sessionDays: number }): Accounts {
  const plainUsers = createUsers(db, clock);
  const plainCredentials = createCredentials(db, clock, options);
  const userOf = (id: string | null) => (id ? plainUsers.get(id) : null);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const tokenUsers = createTokenUserCache({
    lookup: (token) => userOf(plainCredentials.userIdForToken(token)),
    dataVersion: () => dataVersion.get(),
    now: () => clock.now(),
  });
  // Every change to tokens or users in this process goes through these, so the cache forgets at once.
  const forgetting =
    <A extends unknown[], R>(change: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return change(...args);
      } finally {
        tokenUsers.clear();
      }
    };
  const users: Users = { ...plainUsers, update: forgetting(plainUsers.update) };
  const credentials: Credentials = {
    ...plainCredentials,
    issueToken: forgetting(plainCredentials.issueToken),
    revokeToken: forgetting(plainCredentials.revokeToken),
  };
  return {
    users,
    credentials,
    userForToken: (token) => tokenUsers.get(token),
    userForSession: (sessionId) => userOf(credentials.userIdForSession(sessionId)),
    importRoster: (csv) => importRoster(csv, { db, users, credentials }),
    forgetCachedUsers: () => tokenUsers.clear(),
    ensureFirstStaff: (publicUrl) => ensureFirstStaff({ users, credentials, publicUrl }),
  };
}
