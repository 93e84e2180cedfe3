// The async ports of the accounts domain: users, credentials (tokens, sessions, one-time codes,
// revocation), a person's token status (or everyone's), staff membership, the roster import and the bulk token
// re-issue. On PostgreSQL a revocation is a row every instance reads on the next lookup, so it takes
// effect everywhere at once; the transactional operations (roster, re-issue, staff removal) stay
// all-or-nothing, and "never remove the last staff member" holds across instances.
import type { RosterResponse } from '../core/api.js';
import type { AsyncFn, AsyncPort } from '../core/async-port.js';
import type { Credentials } from './credentials.js';
import type { StaffMembers } from './staff-members.js';
import type { createTokenStatus, createTokenStatusByUser } from './token-status.js';
import type { Users } from './users.js';

export type UsersPort = AsyncPort<Users>;
export type CredentialsPort = AsyncPort<Credentials>;
export type TokenStatusPort = AsyncFn<ReturnType<typeof createTokenStatus>>;
export type TokenStatusByUserPort = AsyncFn<ReturnType<typeof createTokenStatusByUser>>;
export type StaffMembersPort = AsyncPort<StaffMembers>;
/** New personal tokens for several people, in one transaction (the roster's token export). */
export type TokenReissuePort = (userIds: readonly string[]) => Promise<string[]>;
/** Applies a roster CSV in one transaction (server/accounts/import-roster.ts). */
export type RosterImportPort = (csv: string) => Promise<RosterResponse>;

export type AccountStores = {
  users: UsersPort;
  credentials: CredentialsPort;
  tokenStatus: TokenStatusPort;
  tokenStatusByUser: TokenStatusByUserPort;
  staffMembers: StaffMembersPort;
  reissueTokens: TokenReissuePort;
  importRoster: RosterImportPort;
};
