// Applies a roster: new students are created with a personal token (shown once, in the response),
// known ones get their name and section updated and keep their token.
import type { RosterResponse } from '../core/api.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import type { Credentials } from './credentials.js';
import { parseRoster } from './parse-roster.js';
import type { Users } from './users.js';

export function importRoster(csv: string, deps: { db: SqliteDatabase; users: Users; credentials: Credentials }): RosterResponse {
  const { rows, problems } = parseRoster(csv);
  const created: RosterResponse['created'] = [];
  const updated: string[] = [];
  // All or nothing for the valid rows: a crash half-way must not leave tokens nobody has seen.
  deps.db.transaction(() => {
    for (const row of rows) {
      const existing = deps.users.byEmail(row.email);
      if (existing?.role === 'staff') {
        problems.push(`line ${row.line}: ${row.email} is a staff account; it was not changed`);
      } else if (existing) {
        if (existing.name !== row.name || existing.section !== row.section) {
          deps.users.update(existing.id, { name: row.name, section: row.section });
          updated.push(existing.email);
        }
      } else {
        const user = deps.users.create({ email: row.email, name: row.name, role: 'student', section: row.section });
        created.push({ email: user.email, name: user.name, token: deps.credentials.issueToken(user.id) });
      }
    }
  })();
  return { created, updated, problems };
}
