// Users on PostgreSQL (users.ts on SQLite). E-mails are unique regardless of case through the
// unique index on lower(email); lookups compare lower() on both sides.
import { newId } from '../../accounts/secrets.js';
import type { UsersPort } from '../../accounts/account-ports.js';
import type { Clock } from '../../clock.js';
import type { Locale, Role, User } from '../../core/api.js';
import type { Db } from './pg-db.js';

type UserRow = { id: string; email: string; name: string; role: Role; section: string | null; locale: Locale };

const columns = 'id, email, name, role, section, locale';
const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, name: row.name, role: row.role, section: row.section, locale: row.locale });

export function createPgUsers(db: Db, clock: Clock): UsersPort {
  const get = async (id: string) => {
    const row = (await db.query<UserRow>(`SELECT ${columns} FROM users WHERE id = $1`, [id])).rows[0];
    return row ? toUser(row) : null;
  };
  return {
    async create(user) {
      const id = newId('u');
      await db.query('INSERT INTO users (id, email, name, role, section, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        user.email.trim(),
        user.name.trim(),
        user.role,
        user.section ?? null,
        new Date(clock.now()).toISOString(),
      ]);
      return (await get(id))!;
    },
    get,
    async byEmail(email) {
      const row = (await db.query<UserRow>(`SELECT ${columns} FROM users WHERE lower(email) = lower($1)`, [email.trim()])).rows[0];
      return row ? toUser(row) : null;
    },
    async list(role) {
      const order = 'ORDER BY role COLLATE "C", lower(email) COLLATE "C"';
      const { rows } = role
        ? await db.query<UserRow>(`SELECT ${columns} FROM users WHERE role = $1 ${order}`, [role])
        : await db.query<UserRow>(`SELECT ${columns} FROM users ${order}`);
      return rows.map(toUser);
    },
    async update(id, changes) {
      const sets: string[] = [];
      const values: (string | null)[] = [];
      const set = (column: string, value: string | null) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (changes.name !== undefined) set('name', changes.name);
      if (changes.section !== undefined) set('section', changes.section);
      if (changes.locale !== undefined) set('locale', changes.locale);
      if (sets.length) await db.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $${values.length + 1}`, [...values, id]);
      return get(id);
    },
    count: async (role) => (await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE role = $1', [role])).rows[0]?.n ?? 0,
    staffHasSignedIn: async () => (await db.query("SELECT 1 FROM users WHERE role = 'staff' AND last_sign_in_at IS NOT NULL LIMIT 1")).rowCount > 0,
    async markSignedIn(id) {
      await db.query('UPDATE users SET last_sign_in_at = $1 WHERE id = $2', [new Date(clock.now()).toISOString(), id]);
    },
  };
}
