import { describe, expect, it } from 'vitest';
import { toCsv, toMarkdownTable } from '../../web/src/lib/export-table.js';

describe('CSV export', () => {
  it('quotes commas, quotes and new lines (RFC 4180)', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', 3]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });

  it('neutralises spreadsheet formulas but keeps numbers', () => {
    expect(toCsv(['v'], [['=HYPERLINK("x")'], ['-5'], ['+1.5'], ['@cmd'], [-2]])).toBe('v\r\n"\'=HYPERLINK(""x"")"\r\n-5\r\n+1.5\r\n\'@cmd\r\n-2\r\n');
  });

  it('writes empty cells for null and undefined', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, undefined, 0]])).toBe('a,b,c\r\n,,0\r\n');
  });
});

describe('Markdown export', () => {
  it('writes a header, a rule and escaped rows', () => {
    expect(toMarkdownTable(['Variant', 'Accuracy'], [['a|b', 0.5], ['two\nlines', null]])).toBe(
      '| Variant | Accuracy |\n| --- | --- |\n| a\\|b | 0.5 |\n| two<br>lines |  |\n',
    );
  });

  it('pads short rows to the header width', () => {
    expect(toMarkdownTable(['a', 'b'], [['x']])).toBe('| a | b |\n| --- | --- |\n| x |  |\n');
  });
});
