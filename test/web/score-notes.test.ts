// The words a student reads under a case's score: a judge's reason, why an output was scored 0
// without being judged, or that a judge failure is not their fault; never the judge's prompt.
import { describe, expect, it } from 'vitest';
import type { CaseReport } from '../../server/core/grade-report.js';
import { scoreNotes } from '../../web/src/lib/case-outcome.js';

const base: CaseReport = {
  caseId: 'dev-001',
  hidden: false,
  input: 'r',
  rawOutput: 'o',
  output: 'o',
  expected: 'e',
  scores: [],
  score: 1,
  attempts: 1,
  latencyMs: 1,
};

describe('score notes', () => {
  it('shows the reason of each score, the not-your-fault note over a judge error, and nothing else', () => {
    const item: CaseReport = {
      ...base,
      scores: [
        { name: 'rubric-judge', score: 0.5, details: { reason: 'Faithful, but too long.', judge: { model: 'm', prompt: 'secret prompt', answer: '{}' } } },
        { name: 'rubric-judge', score: null, details: { judgeError: 'the judge did not answer with a JSON object alone', notYourFault: 'not your fault' } },
        { name: 'exact-match', score: 1 },
        { name: 'json', score: 0, details: { problem: 'x', errors: ['y'] } },
      ],
    };
    expect(scoreNotes(item)).toEqual(['Faithful, but too long.', 'not your fault']);
  });
});
