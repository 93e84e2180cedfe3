// Gradescope mode: lateness from submission_metadata.json (created_at, a per-student extension)
// under the assignment file's policy; the score is the final points, raw and penalty in extra_data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeReport } from '../../server/core/grade-report.js';
import { gradescopeLateness, withLateness } from '../../server/grading/gradescope-lateness.js';
import type { Deadline } from '../../server/shared/late-policy.js';

const deadline: Deadline = {
  due: '2027-01-22T23:59:00-08:00',
  timeZone: 'America/Los_Angeles',
  graceMs: 15 * 60_000,
  late: { kind: 'per-day', percent: 10, cap: 50 },
  cutoff: null,
  counts: 'best',
};

function rootWith(metadata: object | null): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-late-'));
  if (metadata) fs.writeFileSync(path.join(root, 'submission_metadata.json'), JSON.stringify(metadata));
  return root;
}

describe('Gradescope lateness', () => {
  const assignment = { due_date: '2027-01-22T23:59:00.000000-08:00', late_due_date: null, title: 'Sentiment' };

  it('a late run scores its final points and says why', () => {
    const late = gradescopeLateness(
      rootWith({ id: 1, created_at: '2027-01-24T05:00:00.000000-08:00', assignment, users: [{ email: 'a@x.edu', assignment }] }),
      deadline,
    )!;
    expect(late).toMatchObject({ status: 'late', periods: 2, penaltyPercent: 20 });
    const results = withLateness({ score: 10, output: 'Metric 90%.', tests: [] }, { points: 10, maxPoints: 10 } as GradeReport, late);
    expect(results.score).toBe(8);
    expect(results.output).toBe('Submitted 1 d 5 h after the due date (Fri, Jan 22, 2027, 11:59 PM PST): 20% late penalty, 10 -> 8 points.\n\nMetric 90%.');
    expect(results.extra_data).toMatchObject({ rawPoints: 10, penaltyPercent: 20, finalPoints: 8, late: true });
  });

  it('a student with a Gradescope extension is on time; no metadata means no lateness', () => {
    const own = { due_date: '2027-01-25T23:59:00-08:00', late_due_date: null };
    expect(gradescopeLateness(rootWith({ created_at: '2027-01-24T05:00:00-08:00', assignment, users: [{ assignment: own }] }), deadline)).toMatchObject({
      status: 'on-time',
      penaltyPercent: 0,
    });
    expect(gradescopeLateness(rootWith(null), deadline)).toBeNull();
  });
});
