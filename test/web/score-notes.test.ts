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

describe('score notes by code', () => {
  it("the sandbox's own notes render in the student's language; a judge's reason stays as written", async () => {
    const { saidText } = await import('../../web/src/i18n/said-text.js');
    const zh = (said: Parameters<typeof saidText>[0], fallback: string) => saidText(said, fallback, 'zh-CN');
    const note = (details: Record<string, unknown>) => scoreNotes({ ...base, scores: [{ name: 'rubric-judge', score: null, details: details as never }] }, zh);
    expect(note({ notYourFault: 'the judge model could not grade this case', notYourFaultSaid: { code: 'judge.not_your_fault', params: {} } })).toEqual([
      '评判模型没能给这个案例评分；这不是你程序的问题，该案例稍后会重新评分。',
    ]);
    expect(note({ reason: 'the output is empty', reasonSaid: { code: 'judge.output_empty', params: {} } })).toEqual(['输出为空。']);
    expect(note({ reason: 'Concise and accurate.' })).toEqual(['Concise and accurate.']);
  });
});
