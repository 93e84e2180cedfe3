// Submissions as the API shows them. Students get `redactHidden(report)`: hidden cases only as
// aggregates (counts, per-evaluator means, the confusion matrix). Staff routes get the full report.
import type { SubmissionDetail, SubmissionSummary } from '../core/api.js';
import { redactHidden } from '../core/grade-report.js';
import type { StoredSubmission } from '../submissions/submission-store.js';

export function submissionSummary(submission: StoredSubmission): SubmissionSummary {
  return {
    id: submission.id,
    taskId: submission.taskId,
    taskVersion: submission.taskVersion,
    userId: submission.userId,
    status: submission.status,
    model: submission.model,
    points: submission.status === 'graded' ? submission.points : null,
    maxPoints: submission.maxPoints,
    metric: submission.status === 'graded' ? submission.metric : null,
    createdAt: submission.createdAt,
    gradedAt: submission.gradedAt,
    error: submission.status === 'failed' ? submission.error : null,
  };
}

export function studentSubmissionDetail(submission: StoredSubmission): SubmissionDetail {
  // A report is shown only with a 'graded' status: during a re-grade the old one is stale.
  const report = submission.status === 'graded' && submission.report ? redactHidden(submission.report) : null;
  return { submission: submissionSummary(submission), program: submission.program, report };
}

export function staffSubmissionDetail(submission: StoredSubmission): SubmissionDetail {
  return { submission: submissionSummary(submission), program: submission.program, report: submission.report };
}
