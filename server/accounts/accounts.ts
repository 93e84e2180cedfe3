// The accounts service: people and their credentials, as the HTTP layer uses them, over the
// account stores' async ports (SQLite or PostgreSQL).
import type { RosterResponse, User } from '../core/api.js';
import type { Clock } from '../clock.js';
import type { AccountStores, CredentialsPort, UsersPort } from './account-ports.js';
import { createTokenUserCache } from './token-user-cache.js';
import { ensureFirstStaff } from './first-staff.js';

export type Accounts = {
  users: UsersPort;
  credentials: CredentialsPort;
  userForToken(token: string): Promise<User | null>;
  userForSession(sessionId: string): Promise<User | null>;
  importRoster(csv: string): Promise<RosterResponse>;
  /** New tokens for several people in one transaction (all or none), in the order given. */
  reissueTokens(userIds: readonly string[]): Promise<string[]>;
  /** Forgets the cached token -> user lookups (after a change of role made outside `users.update`). */
  forgetCachedUsers(): void;
  /** The one-time staff sign-in URL to print at start, or null when not needed. */
  ensureFirstStaff(publicUrl: string): Promise<string | null>;
};

export type AccountsOptions = {
  /**
   * Remember token lookups only where another process's change can be seen cheaply: SQLite's
   * `PRAGMA data_version` moves when another connection commits. Null (PostgreSQL): every lookup
   * asks the database, so a revocation on one instance holds on every instance at once.
   */
  changeVersion: (() => unknown) | null;
};

/** Wraps a change so that `forget` runs after it, whether it succeeded or not. */
export function forgettingAfter(forget: () => void) {
  return <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await change(...args);
      } finally {
        forget();
      }
    };
}

export function createAccounts(
  stores: Pick<AccountStores, 'users' | 'credentials' | 'importRoster' | 'reissueTokens'>,
  clock: Clock,
  options: AccountsOptions,
): Accounts {
  const plain = stores;
  const userOf = async (id: string | null) => (id ? plain.users.get(id) : null);
  const lookup = async (token: string) => userOf(await plain.credentials.userIdForToken(token));
  const tokenUsers = options.changeVersion ? createTokenUserCache({ lookup, dataVersion: options.changeVersion, now: () => clock.now() }) : null;
  const forget = () => tokenUsers?.clear();
  // Every change to tokens or users in this process goes through these, so the cache forgets at once.
  const forgetting = forgettingAfter(forget);
  const users: UsersPort = { ...plain.users, update: forgetting(plain.users.update) };
  const credentials: CredentialsPort = {
    ...plain.credentials,
    issueToken: forgetting(plain.credentials.issueToken),
    revokeToken: forgetting(plain.credentials.revokeToken),
  };
  return {
    users,
    credentials,
    userForToken: (token) => (tokenUsers ? tokenUsers.get(token) : lookup(token)),
    userForSession: async (sessionId) => userOf(await credentials.userIdForSession(sessionId)),
    importRoster: forgetting(plain.importRoster),
    reissueTokens: forgetting(plain.reissueTokens),
    forgetCachedUsers: forget,
    ensureFirstStaff: (publicUrl) => ensureFirstStaff({ users, credentials, publicUrl }),
  };
}
