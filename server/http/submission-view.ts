// Submissions as the API shows them. Students get `redactHidden(report)`: hidden cases only as
// aggregates (counts, per-evaluator means, the confusion matrix). Staff routes get the full report
// and the server-side reason of a failure. Summaries are built from the summary columns alone, so a
// list never needs the report.
import type { FailureKind, SubmissionDetail, SubmissionSummary } from '../core/api.js';
import { redactHidden } from '../core/grade-report.js';
import { type Said, say } from '../shared/messages/say.js';
import { HIDDEN_DETAIL_MESSAGE } from '../submissions/public-error.js';
import type { StoredSubmission, SubmissionRow } from '../submissions/submission-store.js';

export type Audience = 'student' | 'staff';

export function submissionSummary(submission: SubmissionRow, audience: Audience = 'student'): SubmissionSummary {
  const graded = submission.status === 'graded';
  const failed = submission.status === 'failed';
  return {
    id: submission.id,
    taskId: submission.taskId,
    taskVersion: submission.taskVersion,
    userId: submission.userId,
    status: submission.status,
    model: submission.model,
    points: graded ? submission.points : null,
    maxPoints: submission.maxPoints,
    metric: graded ? submission.metric : null,
    createdAt: submission.createdAt,
    gradedAt: submission.gradedAt,
    error: failed ? submission.error : null,
    failureKind: failed ? submission.failureKind : null,
    errorSaid: failed ? failureSaid(submission.failureKind, submission.error) : null,
    // The reason may name server internals (a storage fault, a stack's first line): staff only.
    failureReason: failed && audience === 'staff' ? submission.failureReason : null,
    counts: graded ? submission.counts : null,
    attempts: submission.attempts,
    regrade: submission.regrade,
    lateStatus: submission.lateStatus,
    lateMs: submission.lateMs,
    penaltyPercent: submission.penaltyPercent,
    finalPoints: graded ? submission.finalPoints : null,
  };
}

/**
 * A failure's stored English message by code, derived from what kind of failure it was (so no
 * stored row needs rewriting): the server's own sentences are coded; a program's error stays as
 * stored (its English words are shown).
 */
function failureSaid(kind: FailureKind | null, error: string | null): Said[] | null {
  if (kind === 'infrastructure') return [say('grading.failed_infrastructure')];
  if (error === HIDDEN_DETAIL_MESSAGE) return [say('grading.failed_hidden_detail')];
  return null;
}

export function studentSubmissionDetail(submission: StoredSubmission): SubmissionDetail {
  // A report is shown only with a 'graded' status: during a re-grade the old one is stale.
  const report = submission.status === 'graded' && submission.report ? redactHidden(submission.report) : null;
  return { submission: submissionSummary(submission, 'student'), program: submission.program, report };
}

export function staffSubmissionDetail(submission: StoredSubmission): SubmissionDetail {
  return { submission: submissionSummary(submission, 'staff'), program: submission.program, report: submission.report };
}
