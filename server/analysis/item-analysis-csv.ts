// The item analysis as CSV for a spreadsheet: one row per case with its data line, difficulty,
// discrimination, the reference's result and the flags in words (English: a file staff share).
import type { CaseFlag, ItemAnalysis } from '../core/analysis-api.js';
import { csvLines } from '../shared/csv-cell.js';

export function flagReason(flag: CaseFlag): string {
  switch (flag.kind) {
    case 'nobody-right':
      return `nobody gets it right (0 of ${flag.answered})`;
    case 'reference-wrong':
      return 'the staff reference program gets it wrong';
    case 'negative-discrimination':
      return `negative discrimination (${flag.discrimination}): stronger programs get it wrong more often; the expected answer may be wrong or ambiguous`;
    case 'dominant-confusion':
      return `${flag.count} of ${flag.answered} programs answer "${flag.predicted}" where "${flag.expected}" is expected`;
  }
}

export function itemAnalysisCsv(analysis: ItemAnalysis): string {
  const header = ['case', 'split', 'line', 'expected', 'answered', 'right', 'difficulty', 'discrimination', 'reference', 'flags'];
  const rows = analysis.cases.map((c) => [
    c.caseId,
    c.split === 'test' ? 'hidden' : 'dev',
    c.line,
    c.expected,
    c.answered,
    c.right,
    c.difficulty,
    c.discrimination,
    c.referenceRight === null ? null : c.referenceRight ? 'right' : 'wrong',
    c.flags.map(flagReason).join('; '),
  ]);
  // Expected answers and case ids come from staff files, but csvLines defuses formula-like cells anyway.
  return csvLines([header, ...rows]);
}
