// The accounts stores on PostgreSQL as one set: users and credentials, plus the operations that
// span both in one transaction (staff membership, roster import, bulk token re-issue), which run
// the same users and credentials code on the transaction's connection. Staff changes take an
// advisory lock, so "never remove the last staff member" holds when two instances remove two
// members at the same moment (on SQLite the single writer gives this).
import type { AccountStores } from '../../accounts/account-ports.js';
import { SIGN_IN_CODE_HOURS } from '../../accounts/first-staff.js';
import { parseRoster } from '../../accounts/parse-roster.js';
import { type NewestToken, tokenStatusOf } from '../../accounts/token-status.js';
import type { Clock } from '../../clock.js';
import type { RosterResponse } from '../../core/api.js';
import { type Db, lockKey } from './pg-db.js';
import { createPgCredentials } from './pg-credentials.js';
import { createPgUsers } from './pg-users.js';

const STAFF_LOCK = 'accounts:staff';

export function createPgAccountStores(db: Db, clock: Clock, options: { sessionDays: number }): AccountStores {
  const on = (handle: Db) => ({ users: createPgUsers(handle, clock), credentials: createPgCredentials(handle, clock, options) });
  const { users, credentials } = on(db);
  return {
    users,
    credentials,
    async tokenStatus(userId) {
      const { rows } = await db.query<NewestToken>(
        'SELECT created_at, revoked_at FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC, seq DESC LIMIT 1',
        [userId],
      );
      return tokenStatusOf(rows[0]);
    },
    async tokenStatusByUser() {
      const { rows } = await db.query<NewestToken & { user_id: string }>(
        'SELECT DISTINCT ON (user_id) user_id, created_at, revoked_at FROM access_tokens ORDER BY user_id, created_at DESC, seq DESC',
      );
      return new Map(rows.map((row) => [row.user_id, tokenStatusOf(row)]));
    },
    staffMembers: {
      async list() {
        const { rows } = await db.query<{ id: string }>("SELECT id FROM users WHERE role = 'staff' AND last_sign_in_at IS NOT NULL");
        const seen = new Set(rows.map((row) => row.id));
        return (await users.list('staff')).map((user) => ({ ...user, signedIn: seen.has(user.id) }));
      },
      add: (member) =>
        db.transaction(async (tx) => {
          await lockKey(tx, STAFF_LOCK);
          const t = on(tx);
          const existing = await t.users.byEmail(member.email);
          const user = existing ?? (await t.users.create({ email: member.email, name: member.name, role: 'staff' }));
          if (existing && existing.role !== 'staff') await tx.query("UPDATE users SET role = 'staff' WHERE id = $1", [existing.id]);
          return { member: (await t.users.get(user.id))!, code: await t.credentials.issueSignInCode(user.id, SIGN_IN_CODE_HOURS) };
        }),
      remove: (userId) =>
        db.transaction(async (tx) => {
          await lockKey(tx, STAFF_LOCK);
          const demoted = await tx.query(
            "UPDATE users SET role = 'student' WHERE id = $1 AND role = 'staff' AND (SELECT COUNT(*) FROM users WHERE role = 'staff') > 1",
            [userId],
          );
          if (demoted.rowCount === 0) {
            const role = (await tx.query<{ role: string }>('SELECT role FROM users WHERE id = $1', [userId])).rows[0]?.role;
            return role === 'staff' ? 'last' : 'not-staff';
          }
          const t = on(tx);
          await t.credentials.revokeToken(userId);
          await t.credentials.endSessions(userId);
          return 'removed';
        }),
    },
    reissueTokens: (userIds) =>
      db.transaction(async (tx) => {
        const t = on(tx);
        const tokens: string[] = [];
        for (const id of userIds) tokens.push(await t.credentials.issueToken(id));
        return tokens;
      }),
    // The rules of import-roster.ts (new students get a token; known ones their name and section; staff untouched), all or nothing.
    importRoster: (csv) =>
      db.transaction(async (tx) => {
        const t = on(tx);
        const { rows, problems } = parseRoster(csv);
        const created: RosterResponse['created'] = [];
        const updated: string[] = [];
        for (const row of rows) {
          const existing = await t.users.byEmail(row.email);
          if (existing?.role === 'staff') {
            problems.push(`line ${row.line}: ${row.email} is a staff account; it was not changed`);
          } else if (existing) {
            if (existing.name !== row.name || existing.section !== row.section) {
              await t.users.update(existing.id, { name: row.name, section: row.section });
              updated.push(existing.email);
            }
          } else {
            const user = await t.users.create({ email: row.email, name: row.name, role: 'student', section: row.section });
            created.push({ email: user.email, name: user.name, token: await t.credentials.issueToken(user.id) });
          }
        }
        return { created, updated, problems };
      }),
  };
}
