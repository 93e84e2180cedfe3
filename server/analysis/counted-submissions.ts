// The submissions item analysis and the similarity check read: per student, the one that counts for
// the task under its "which counts" rule (the same the grades export uses, server/deadlines), with
// its program and report. Staff members' own tries are left out: they are not the class.
import type { User } from '../core/api.js';
import type { Deadlines } from '../deadlines/deadlines.js';
import type { SubmissionStorePort } from '../submissions/submission-ports.js';
import type { StoredSubmission } from '../submissions/submission-store.js';

export type CountedDeps = {
  deadlines: Pick<Deadlines, 'grades'>;
  submissions: Pick<SubmissionStorePort, 'get'>;
  students: () => Promise<User[]>;
};

export async function countedSubmissions(deps: CountedDeps, taskId: string): Promise<StoredSubmission[]> {
  const students = new Set((await deps.students()).map((user) => user.id));
  const counted: StoredSubmission[] = [];
  for (const [userId, grades] of await deps.deadlines.grades()) {
    const grade = grades.get(taskId);
    if (!grade || !students.has(userId)) continue;
    const submission = await deps.submissions.get(grade.submissionId);
    if (submission?.report) counted.push(submission);
  }
  // A stable order (by submission id) so every store gives the same pairs in the same order.
  return counted.sort((a, b) => a.id.localeCompare(b.id));
}
