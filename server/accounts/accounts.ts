// The accounts service: people and their credentials, as the HTTP layer uses them.
import type { User } from '../core/api.js';
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { createCredentials, type Credentials } from './credentials.js';
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
  /** The one-time staff sign-in URL to print at start, or null when not needed. */
  ensureFirstStaff(publicUrl: string): string | null;
};

export function createAccounts(db: SqliteDatabase, clock: Clock, options: { sessionDays: number }): Accounts {
  const users = createUsers(db, clock);
  const credentials = createCredentials(db, clock, options);
  const userOf = (id: string | null) => (id ? users.get(id) : null);
  return {
    users,
    credentials,
    userForToken: (token) => userOf(credentials.userIdForToken(token)),
    userForSession: (sessionId) => userOf(credentials.userIdForSession(sessionId)),
    importRoster: (csv) => importRoster(csv, { db, users, credentials }),
    ensureFirstStaff: (publicUrl) => ensureFirstStaff({ users, credentials, publicUrl }),
  };
}
