// Tables for a write-up: CSV (RFC 4180) for spreadsheets and a GitHub-flavoured Markdown table.
// CSV cells go through the module the server's grades CSV uses (server/core/csv-cell.ts, pure), so
// both defuse the same formula-like cells (model output starting with = + - @, full-width too).
import { csvLines, type CsvValue } from '../../../server/shared/csv-cell.js';

export type Cell = CsvValue;

function text(cell: Cell): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

export function toCsv(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return csvLines([header, ...rows]);
}

function markdownCell(cell: Cell): string {
  return text(cell).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').trim();
}

export function toMarkdownTable(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const line = (row: readonly Cell[]) => `| ${header.map((_, i) => markdownCell(row[i])).join(' | ')} |`;
  const rule = `| ${header.map(() => '---').join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}
