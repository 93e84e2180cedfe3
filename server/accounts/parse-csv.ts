// A small RFC 4180 reader for roster files exported from spreadsheets and LMSs: a UTF-8 byte
// order mark, CRLF or LF line ends, quoted fields with "" escapes, commas and line breaks inside
// quotes. Each record keeps the line it started on, so problems can name it.

export type CsvRecord = { line: number; fields: string[] };

export function parseCsv(text: string): { records: CsvRecord[]; problems: string[] } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: string[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteStartLine = 0;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted && field.trim() === '') {
      quoted = true;
      quoteStartLine = line;
      field = '';
      fieldStarted = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
      if (char.trim() !== '') fieldStarted = true;
    }
  }
  if (quoted) problems.push(`line ${quoteStartLine}: a quoted field is never closed (a " is missing)`);
  else if (field !== '' || fields.length) endRecord();
  return { records, problems };
}
