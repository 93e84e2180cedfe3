// Staff membership from the browser. A user row is never deleted (submissions and usage point at
// it), so removing a staff member makes the account a non-staff one without credentials: its token
// is revoked and every session ends. The last staff member can never be removed: the guard is part
// of the same UPDATE (`... AND (SELECT COUNT(*) ...) > 1`), so two removals racing each other, in
// one process or two, cannot both pass it.
import type { User } from '../core/api.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import type { Credentials } from './credentials.js';
import { SIGN_IN_CODE_HOURS } from './first-staff.js';
import type { Users } from './users.js';

export type RemoveOutcome = 'removed' | 'last' | 'not-staff';

export type StaffMembers = {
  list(): (User & { signedIn: boolean })[];
  /** Creates the staff account (or promotes an existing account) and returns a one-time sign-in code. */
  add(member: { email: string; name: string }): { member: User; code: string };
  remove(userId: string): RemoveOutcome;
};

export function createStaffMembers(deps: { db: SqliteDatabase; users: Users; credentials: Credentials; forgetCachedUsers: () => void }): StaffMembers {
  const { db, users, credentials } = deps;
  const signedIn = db.prepare<[], string>("SELECT id FROM users WHERE role = 'staff' AND last_sign_in_at IS NOT NULL").pluck();
  const promote = db.prepare("UPDATE users SET role = 'staff' WHERE id = ?");
  const demote = db.prepare("UPDATE users SET role = 'student' WHERE id = ? AND role = 'staff' AND (SELECT COUNT(*) FROM users WHERE role = 'staff') > 1");
  const roleOf = db.prepare<[string], string>('SELECT role FROM users WHERE id = ?').pluck();

  const add = db.transaction((member: { email: string; name: string }) => {
    const existing = users.byEmail(member.email);
    const user = existing ?? users.create({ email: member.email, name: member.name, role: 'staff' });
    if (existing && existing.role !== 'staff') promote.run(existing.id);
    return { member: users.get(user.id)!, code: credentials.issueSignInCode(user.id, SIGN_IN_CODE_HOURS) };
  });
  const remove = db.transaction((userId: string): RemoveOutcome => {
    if (demote.run(userId).changes === 0) return roleOf.get(userId) === 'staff' ? 'last' : 'not-staff';
    // revokeToken also empties the token-to-user cache, so the old role is forgotten at once.
    credentials.revokeToken(userId);
    credentials.endSessions(userId);
    return 'removed';
  });

  return {
    list() {
      const seen = new Set(signedIn.all());
      return users.list('staff').map((user) => ({ ...user, signedIn: seen.has(user.id) }));
    },
    add(member) {
      try {
        return add.immediate(member);
      } finally {
        // A promoted student's token must carry the staff role at once, not after the cache expires.
        deps.forgetCachedUsers();
      }
    },
    remove: (userId) => remove.immediate(userId),
  };
}
