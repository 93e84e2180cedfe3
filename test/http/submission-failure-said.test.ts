// A failed submission's message reaches students by code when it is one of the server's own
// sentences (an infrastructure failure, a program error withheld because it would quote a hidden
// case); a program's own error stays as stored and is shown in English.
import { describe, expect, it } from 'vitest';
import { submissionSummary } from '../../server/http/submission-view.js';
import { renderSaid } from '../../server/shared/messages/render-message.js';
import { HIDDEN_DETAIL_MESSAGE } from '../../server/submissions/public-error.js';
import type { SubmissionRow } from '../../server/submissions/submission-store.js';

const failed = (failureKind: 'program' | 'infrastructure', error: string) =>
  ({ id: 's1', status: 'failed', failureKind, error, failureReason: 'disk full', regrade: null }) as unknown as SubmissionRow;

describe('errorSaid of a failed submission', () => {
  it('an infrastructure failure is said by code and renders in Chinese', () => {
    const summary = submissionSummary(failed('infrastructure', 'grading failed on the server'));
    expect(summary.errorSaid).toEqual([{ code: 'grading.failed_infrastructure', params: {} }]);
    expect(renderSaid(summary.errorSaid!, 'zh-CN')![0]).toMatch(/^服务器评分失败/);
    expect(summary.failureReason).toBeNull();
  });

  it('a withheld program error is said by code; any other program error is shown as stored', () => {
    expect(submissionSummary(failed('program', HIDDEN_DETAIL_MESSAGE)).errorSaid).toEqual([{ code: 'grading.failed_hidden_detail', params: {} }]);
    expect(submissionSummary(failed('program', 'decoding.temperature: expected number')).errorSaid).toBeNull();
  });

  it('a submission that did not fail has none', () => {
    expect(submissionSummary({ ...failed('program', 'x'), status: 'graded', failureKind: null, error: null } as SubmissionRow).errorSaid).toBeNull();
  });
});
