// People: students and staff. Emails are unique regardless of case (a roster typed by hand often
// mixes cases), and a user row is never deleted by the server: submissions and usage point at it.
import type { Locale, Role, User } from '../core/api.js';
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { newId } from './secrets.js';

type UserRow = { id: string; email: string; name: string; role: Role; section: string | null; locale: Locale };

export type NewUser = { email: string; name: string; role: Role; section?: string | null };

export type Users = {
  create(user: NewUser): User;
  get(id: string): User | null;
  byEmail(email: string): User | null;
  list(role?: Role): User[];
  update(id: string, changes: { name?: string; section?: string | null; locale?: Locale }): User | null;
  count(role: Role): number;
  /** Whether any staff member has ever signed in (decides whether the first-start URL is printed again). */
  staffHasSignedIn(): boolean;
  markSignedIn(id: string): void;
};

const columns = 'id, email, name, role, section, locale';

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, section: row.section, locale: row.locale };
}

export function createUsers(db: SqliteDatabase, clock: Clock): Users {
  const insert = db.prepare('INSERT INTO users (id, email, name, role, section, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const byId = db.prepare<[string], UserRow>(`SELECT ${columns} FROM users WHERE id = ?`);
  const byEmail = db.prepare<[string], UserRow>(`SELECT ${columns} FROM users WHERE email = ?`);
  const all = db.prepare<[], UserRow>(`SELECT ${columns} FROM users ORDER BY role, email`);
  const ofRole = db.prepare<[string], UserRow>(`SELECT ${columns} FROM users WHERE role = ? ORDER BY email`);
  const count = db.prepare<[string], number>('SELECT COUNT(*) FROM users WHERE role = ?').pluck();
  const signedInStaff = db.prepare<[], number>("SELECT COUNT(*) FROM users WHERE role = 'staff' AND last_sign_in_at IS NOT NULL").pluck();
  const markSignedIn = db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?');

  function get(id: string): User | null {
    const row = byId.get(id);
    return row ? toUser(row) : null;
  }

  return {
    create(user) {
      const id = newId('u');
      insert.run(id, user.email.trim(), user.name.trim(), user.role, user.section ?? null, new Date(clock.now()).toISOString());
      return get(id)!;
    },
    get,
    byEmail(email) {
      const row = byEmail.get(email.trim());
      return row ? toUser(row) : null;
    },
    list(role) {
      return (role ? ofRole.all(role) : all.all()).map(toUser);
    },
    update(id, changes) {
      const sets: string[] = [];
      const values: (string | null)[] = [];
      if (changes.name !== undefined) sets.push('name = ?'), values.push(changes.name);
      if (changes.section !== undefined) sets.push('section = ?'), values.push(changes.section);
      if (changes.locale !== undefined) sets.push('locale = ?'), values.push(changes.locale);
      if (sets.length) db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      return get(id);
    },
    count: (role) => count.get(role) ?? 0,
    staffHasSignedIn: () => (signedInStaff.get() ?? 0) > 0,
    markSignedIn: (id) => void markSignedIn.run(new Date(clock.now()).toISOString(), id),
  };
}
