import { describe, expect, it } from 'vitest';
import { toCsv, toMarkdownTable } from '../../web/src/lib/export-table.js';

describe('CSV export', () => {
  it('quotes commas, quotes and new lines (RFC 4180)', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
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
    expect(
      toMarkdownTable(
        ['Variant', 'Accuracy'],
        [
          ['a|b', 0.5],
          ['two\nlines', null],
        ],
      ),
    ).toBe('| Variant | Accuracy |\n| --- | --- |\n| a\\|b | 0.5 |\n| two<br>lines |  |\n');
  });

  it('pads short rows to the header width', () => {
    expect(toMarkdownTable(['a', 'b'], [['x']])).toBe('| a | b |\n| --- | --- |\n| x |  |\n');
  });
});

describe('comparison tables', async () => {
  const { summaryTable, perCaseTable, disagreements } = await import('../../web/src/lib/comparison-table.js');
  const caseReport = (caseId: string, output: string, score: number | null, error?: string) => ({
    caseId,
    hidden: false,
    input: `in ${caseId}`,
    rawOutput: output,
    output,
    expected: 'd',
    scores: [],
    score,
    attempts: 1,
    latencyMs: 1,
    ...(error ? { error } : {}),
  });
  const report = (metric: number, cases: ReturnType<typeof caseReport>[]) => ({
    submissionId: 'x',
    taskId: 't',
    taskVersion: '1',
    split: 'dev' as const,
    model: 'm',
    aggregate: 'accuracy',
    metric,
    points: 0,
    maxPoints: 10,
    baseline: 0,
    target: 1,
    evaluators: [],
    counts: { total: cases.length, errored: cases.filter((c) => c.error).length, correct: cases.filter((c) => c.score === 1).length },
    cases,
    usage: { promptTokens: 0, completionTokens: 0, modelCalls: 0, cacheHits: 0 },
    durationMs: 0,
    startedAt: '',
  });
  const columns = [
    { name: 'small', model: 'distilgpt2', report: report(0.5, [caseReport('a', 'd', 1), caseReport('b', 'x', 0)]) },
    { name: 'large', model: 'gpt2', report: report(1, [caseReport('a', 'd', 1), caseReport('b', 'd', 1)]) },
    { name: 'broken', model: 'gpt-4o-mini', report: null },
  ];

  it('summarises each column, leaving failed runs empty', () => {
    const table = summaryTable(columns);
    expect(table.rows).toEqual([
      ['small', 'distilgpt2', 0.5, 'accuracy', 1, 2, 0],
      ['large', 'gpt2', 1, 'accuracy', 2, 2, 0],
      ['broken', 'gpt-4o-mini', null, null, null, null, null],
    ]);
    expect(toMarkdownTable(table.header, table.rows)).toContain('| small | distilgpt2 | 0.5 | accuracy | 1 | 2 | 0 |');
  });

  it('lines cases up across columns and finds disagreements', () => {
    const table = perCaseTable(columns.slice(0, 2), ['a', 'b']);
    expect(table.header).toEqual(['case', 'input', 'expected', 'small: output', 'small: score', 'large: output', 'large: score']);
    expect(table.rows[1]).toEqual(['b', 'in b', 'd', 'x', 0, 'd', 1]);
    expect([...disagreements(columns.slice(0, 2), ['a', 'b'])]).toEqual(['b']);
  });
});
