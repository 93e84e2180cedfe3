// The tables a comparison exports for a write-up: a summary (one row per column: model or
// variant) and a per-case grid (one row per dev case, the output and score of each column).
import type { GradeReport } from '../../../server/core/grade-report.js';
import { expectedText } from './case-outcome.js';
import type { Cell } from './export-table.js';

export type ComparedColumn = { name: string; model: string; report: GradeReport | null };
export type Table = { header: Cell[]; rows: Cell[][] };

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export function summaryTable(columns: readonly ComparedColumn[]): Table {
  return {
    header: ['variant', 'model', 'metric', 'aggregate', 'correct', 'total', 'errored'],
    rows: columns.map((column) => {
      const report = column.report;
      return [
        column.name,
        column.model,
        report ? round(report.metric) : null,
        report?.aggregate ?? null,
        report?.counts.correct ?? null,
        report?.counts.total ?? null,
        report?.counts.errored ?? null,
      ];
    }),
  };
}

export function perCaseTable(columns: readonly ComparedColumn[], caseIds: readonly string[]): Table {
  const byColumn = columns.map((column) => new Map((column.report?.cases ?? []).map((c) => [c.caseId, c])));
  return {
    header: ['case', 'input', 'expected', ...columns.flatMap((column) => [`${column.name}: output`, `${column.name}: score`])],
    rows: caseIds.map((caseId) => {
      const first = byColumn.map((cases) => cases.get(caseId)).find(Boolean);
      return [
        caseId,
        first?.input ?? '',
        first ? expectedText(first.expected) : '',
        ...byColumn.flatMap((cases) => {
          const item = cases.get(caseId);
          if (!item) return ['', null];
          return [item.error ? `error: ${item.error}` : item.output, item.score === null ? null : round(item.score)];
        }),
      ];
    }),
  };
}

/** Case ids where the columns' scores differ: where the comparison says something. */
export function disagreements(columns: readonly ComparedColumn[], caseIds: readonly string[]): Set<string> {
  const byColumn = columns.map((column) => new Map((column.report?.cases ?? []).map((c) => [c.caseId, c.score])));
  return new Set(caseIds.filter((id) => new Set(byColumn.map((scores) => scores.get(id) ?? null)).size > 1));
}
