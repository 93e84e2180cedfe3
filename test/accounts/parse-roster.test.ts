import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/accounts/parse-csv.js';
import { parseRoster } from '../../server/accounts/parse-roster.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, "" escapes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFemail,name\r\n"a@x.edu","Lovelace, Ada"\r\nb@x.edu,"Say ""hi""\r\nthere"\r\n\r\nc@x.edu,C\r\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['email', 'name'] },
      { line: 2, fields: ['a@x.edu', 'Lovelace, Ada'] },
      { line: 3, fields: ['b@x.edu', 'Say "hi"\r\nthere'] },
      { line: 6, fields: ['c@x.edu', 'C'] },
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(parseCsv('email,name\na@x.edu,"Ada\n').problems).toEqual(['line 2: a quoted field is never closed (a " is missing)']);
  });

  it('keeps the last record without a final newline', () => {
    expect(parseCsv('a,b\nc,d').records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('parseRoster', () => {
  it('takes columns by header name in any order and case, section optional', () => {
    const { rows, problems } = parseRoster('Name,Section,EMAIL\nAda,B1,ada@x.edu\nGrace,,grace@x.edu\n');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, email: 'ada@x.edu', name: 'Ada', section: 'B1' },
      { line: 3, email: 'grace@x.edu', name: 'Grace', section: null },
    ]);
  });

  it('reports each bad line and keeps the good ones', () => {
    const csv = ['email,name', 'ada@x.edu,Ada', 'not-an-email,Bob', ',Nobody', 'carl@x.edu,', 'ADA@x.edu,Ada again', 'dee@x.edu,Dee'].join('\n');
    const { rows, problems } = parseRoster(csv);
    expect(rows.map((r) => r.email)).toEqual(['ada@x.edu', 'dee@x.edu']);
    expect(problems).toEqual([
      'line 3: "not-an-email" is not an email address',
      'line 4: the email is missing',
      'line 5: the name of carl@x.edu is missing',
      'line 6: ADA@x.edu is already on line 2; this line was skipped',
    ]);
  });

  it('needs a header naming email and name', () => {
    expect(parseRoster('ada@x.edu,Ada\n').problems).toEqual(['line 1: the header row must name the columns email,name[,section]; found "ada@x.edu", "Ada"']);
    expect(parseRoster('').problems).toEqual(['the file is empty; it needs a header row: email,name[,section]']);
  });
});
