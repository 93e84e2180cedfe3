// Tables for a write-up: CSV (RFC 4180) for spreadsheets and a GitHub-flavoured Markdown table.
export type Cell = string | number | null | undefined;

function text(cell: Cell): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

function csvCell(cell: Cell): string {
  let value = text(cell);
  // Model output starting with = + - @ would run as a formula in a spreadsheet; numbers are safe.
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value)) value = `'${value}`;
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function markdownCell(cell: Cell): string {
  return text(cell)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>')
    .trim();
}

export function toMarkdownTable(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const line = (row: readonly Cell[]) => `| ${header.map((_, i) => markdownCell(row[i])).join(' | ')} |`;
  const rule = `| ${header.map(() => '---').join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}
