// Roster CSV -> rows to import. The header names the columns (email, name, optional section, in
// any order, any case); every problem names its line so staff can fix the file and import again.
import { z } from 'zod';
import { parseCsv } from './parse-csv.js';

export type RosterRow = { line: number; email: string; name: string; section: string | null };

const EmailSchema = z.email();

export function parseRoster(text: string): { rows: RosterRow[]; problems: string[] } {
  const { records, problems } = parseCsv(text);
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [...problems, 'the file is empty; it needs a header row: email,name[,section]'] };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const column = (name: string) => names.indexOf(name);
  const emailAt = column('email');
  const nameAt = column('name');
  const sectionAt = column('section');
  if (emailAt < 0 || nameAt < 0) {
    const found = header.fields.map((f) => `"${f.trim()}"`).join(', ');
    return { rows: [], problems: [...problems, `line ${header.line}: the header row must name the columns email,name[,section]; found ${found}`] };
  }
  const rows: RosterRow[] = [];
  const firstLine = new Map<string, number>();
  for (const record of body) {
    const value = (at: number) => (at >= 0 ? (record.fields[at] ?? '').trim() : '');
    const email = value(emailAt);
    const name = value(nameAt);
    if (!email) {
      problems.push(`line ${record.line}: the email is missing`);
      continue;
    }
    if (!EmailSchema.safeParse(email).success) {
      problems.push(`line ${record.line}: "${email.slice(0, 100)}" is not an email address`);
      continue;
    }
    if (!name) {
      problems.push(`line ${record.line}: the name of ${email} is missing`);
      continue;
    }
    const key = email.toLowerCase();
    const first = firstLine.get(key);
    if (first !== undefined) {
      problems.push(`line ${record.line}: ${email} is already on line ${first}; this line was skipped`);
      continue;
    }
    firstLine.set(key, record.line);
    rows.push({ line: record.line, email, name: name.slice(0, 200), section: value(sectionAt).slice(0, 100) || null });
  }
  return { rows, problems };
}
