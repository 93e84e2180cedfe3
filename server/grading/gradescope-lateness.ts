// Lateness in Gradescope mode. Gradescope runs one submission at a time and writes
// submission_metadata.json next to it: when it was made (created_at) and, for a student with an
// extension, that student's own due dates. The task's deadline comes from the assignment file (the
// same policy as the server); the results carry raw points, penalty, final points and a late flag.
// "Which counts" is Gradescope's own (the active submission): one run cannot see the others.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { GradeReport } from '../core/grade-report.js';
import { effectiveDeadline, finalPoints, formatInZone, formatLateness, lateness, type Deadline, type Lateness } from '../shared/late-policy.js';
import type { Locale } from '../core/locale.js';
import { say } from '../shared/messages/say.js';
import { line } from './gradescope.js';
import type { GradescopeResults } from './gradescope-schema.js';

const isoDate = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'is not a date');
const DueDatesSchema = z.object({ due_date: isoDate.nullish(), late_due_date: isoDate.nullish() }).passthrough();
/** The part of Gradescope's submission_metadata.json we read (it has many more fields). */
export const SubmissionMetadataSchema = z
  .object({
    created_at: isoDate,
    assignment: DueDatesSchema.nullish(),
    users: z.array(z.object({ assignment: DueDatesSchema.nullish() }).passthrough()).nullish(),
  })
  .passthrough();

export type GradescopeLateness = Lateness & { deadline: Deadline };

/** Lateness of the Gradescope submission under `root`, or null when there is no metadata file. */
export function gradescopeLateness(root: string, deadline: Deadline): GradescopeLateness | null {
  const file = path.join(root, 'submission_metadata.json');
  if (!fs.existsSync(file)) return null;
  const metadata = SubmissionMetadataSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  // A per-student due date that differs from the assignment's is an extension granted in Gradescope.
  const own = metadata.users?.[0]?.assignment;
  const extended = own?.due_date && own.due_date !== metadata.assignment?.due_date ? { due: own.due_date, cutoff: own.late_due_date ?? null } : null;
  const effective = effectiveDeadline(deadline, extended);
  // Gradescope itself refuses after the late due date; a run past our cutoff is graded, with the
  // penalty as without a cutoff, and flagged late.
  const result = lateness({ ...effective, cutoff: null }, Date.parse(metadata.created_at));
  return { ...result, deadline: effective };
}

/** Score = final points; the penalty is said in the output and carried in extra_data. */
export function withLateness(results: GradescopeResults, report: GradeReport, late: GradescopeLateness, locale: Locale = 'en'): GradescopeResults {
  const final = Math.round(finalPoints(report.points, late.penaltyPercent) * 1000) / 1000;
  const due = late.deadline.due ?? '';
  // The due date in the course's time zone, as the assignment file states it.
  const timeZone = late.deadline.timeZone;
  const text =
    late.status === 'late'
      ? line(say('gradescope.late', { after: late.lateMs, due, penalty: late.penaltyPercent, points: report.points, final }), locale, timeZone)
      : late.status === 'grace'
        ? line(say('gradescope.grace', { after: late.lateMs, due }), locale, timeZone)
        : null;
  return {
    ...results,
    score: final,
    output: text ? `${text}\n\n${results.output ?? ''}` : results.output,
    extra_data: {
      ...results.extra_data,
      rawPoints: report.points,
      penaltyPercent: late.penaltyPercent,
      finalPoints: final,
      late: late.status === 'late',
      lateMs: late.lateMs,
    },
  } as GradescopeResults;
}
