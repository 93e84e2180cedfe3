// One CSV cell (RFC 4180), safe to open in a spreadsheet. The server's grades CSV and the web app's
// exported tables both write cells through this module, so a cell the server defuses the browser
// defuses too; it is pure (no I/O, no imports) so that the browser bundle can import it.
//
// Formula injection: a cell starting with = + - @ (or tab / CR, which some spreadsheets skip before
// reading a formula) is run as a formula by Excel, LibreOffice and Google Sheets. Spreadsheets in
// CJK locales also read the full-width forms (＝ ＋ － ＠) and the small forms (﹦ ﹢ ﹣ ﹫) as
// formula starts, so the first character is compared after NFKC normalisation, which folds all of
// them to ASCII. Such a cell gets a leading apostrophe, which spreadsheets show as plain text.
// Numbers (and text that is just a number, such as "-5" or "+1.5") are no formula and stay as they
// are, so exported scores remain numbers.
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Whether a spreadsheet could run this text as a formula. */
export function startsLikeFormula(text: string): boolean {
  if (!text) return false;
  const first = String.fromCodePoint(text.codePointAt(0)!).normalize('NFKC');
  return FORMULA_START.test(first) && !PLAIN_NUMBER.test(text);
}

/** The cell as it goes into a CSV line: defused, then quoted when it holds a comma, quote, line break or edge spaces. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && startsLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: a header row and data rows, CRLF line ends (what spreadsheets expect). */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
