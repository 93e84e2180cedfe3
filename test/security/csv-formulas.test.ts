// The attack: a student whose name (or a model output a student exports) starts with a formula
// character gets it executed when staff open the grades CSV, or a classmate opens an exported
// comparison, in a spreadsheet. Full-width variants (＝ ＋ － ＠) count: spreadsheets in CJK
// locales treat them as the ASCII ones. Both the server's grades CSV and the web app's export
// must defuse every such cell (with a leading apostrophe), through the one shared csv-cell module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { csvCell } from '../../server/shared/csv-cell.js';
import { toCsv } from '../../web/src/lib/export-table.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';

const attacks = ['＝1+1', '=1+1', '+1+cmd|x', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '＋1', '－1+1', '＠cmd', '﹦1+1'];

/** A formula-safe cell: after unquoting, it starts with the apostrophe spreadsheets read as "text". */
function unquoted(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
}

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-csv' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-csv', startQueue: false });
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

describe('grades CSV (server)', () => {
  it('defuses names and sections that start with a formula character, ASCII or full-width', async () => {
    const staff = sandbox.staff();
    for (const attack of attacks) sandbox.student(attack, attack);
    const response = await request(sandbox.app).get('/api/staff/grades.csv').set(staff.auth);
    expect(response.status).toBe(200);
    const text = response.text;
    for (const attack of attacks) {
      // Name and section cells of this student: each is the attack behind an apostrophe.
      expect(text).toContain(csvCell(attack));
      expect(unquoted(csvCell(attack))).toBe(`'${attack}`);
      // And never the attack as a bare cell.
      expect(text.split(/,|\r\n/).some((cell) => unquoted(cell) === attack)).toBe(false);
    }
  });
});

describe('exported comparison tables (web app)', () => {
  it('defuses the same cells as the server, with the same module', () => {
    const csv = toCsv(
      ['output'],
      attacks.map((attack) => [attack]),
    );
    for (const attack of attacks) expect(csv).toContain(csvCell(attack));
    for (const attack of attacks) expect(unquoted(csvCell(attack))).toBe(`'${attack}`);
  });

  it('leaves numbers and plain numeric text alone (a score of -0.5 stays a number)', () => {
    expect(toCsv(['v'], [[-2], ['-5'], ['+1.5'], ['Ada'], ['a=b']])).toBe('v\r\n-2\r\n-5\r\n+1.5\r\nAda\r\na=b\r\n');
  });
});
