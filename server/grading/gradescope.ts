// GradeReport -> Gradescope results.json. Only aggregates of the hidden split go in: no hidden
// input, expected value, model output or per-case error text, since students read this file's output.
// The student-facing lines are said by code and written in the results' language (`--lang`, else
// the task's `gradescope.language`, else English) from the shared catalogues.
import type { GradeReport } from '../core/grade-report.js';
import type { Locale } from '../core/locale.js';
import { renderMessage } from '../shared/messages/render-message.js';
import { type Said, say } from '../shared/messages/say.js';
import type { GradescopeResults } from './gradescope-schema.js';

type Visibility = NonNullable<GradescopeResults['visibility']>;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** A said line in `locale` (every code said here is in the catalogues; the code shows if one is not). */
export function line(said: Said, locale: Locale, timeZone?: string): string {
  return renderMessage(said, locale, timeZone ? { timeZone } : {}) ?? said.code;
}

export function summaryLines(report: GradeReport, locale: Locale = 'en'): string[] {
  const where = { task: report.taskId, version: report.taskVersion, model: report.model, total: report.counts.total };
  const said = [
    say(report.split === 'test' ? 'gradescope.summary_test' : 'gradescope.summary_dev', where),
    say('gradescope.metric', {
      aggregate: report.aggregate,
      metric: report.metric,
      points: report.points,
      maxPoints: report.maxPoints,
      baseline: report.baseline,
      target: report.target,
    }),
    say('gradescope.right', { correct: report.counts.correct, total: report.counts.total }),
  ];
  if (report.study) {
    const checks = report.study.completeness.checks;
    said[1] = say('gradescope.study_metric', {
      best: report.study.bestVariant ?? '-',
      aggregate: report.aggregate,
      metric: report.metric,
      passed: checks.filter((c) => c.passed).length,
      checks: checks.length,
      points: report.points,
      maxPoints: report.maxPoints,
    });
    said[2] = say('gradescope.study_right', { correct: report.counts.correct, total: report.counts.total });
  }
  if (report.counts.errored) said.push(say('gradescope.case_errors', { count: report.counts.errored }));
  return said.map((one) => line(one, locale));
}

/** The study's comparison table and completeness checks, as markdown (aggregates only). */
export function studyLines(report: GradeReport, locale: Locale = 'en'): string[] {
  const study = report.study;
  if (!study) return [];
  const rows = study.variants.map(
    (v) =>
      `| ${v.name} | ${v.model} | ${v.metric === null ? 'n/a' : percent(v.metric)} | ${v.counts ? `${v.counts.correct}/${v.counts.total}` : '-'} | ${v.error ? 'could not run' : v.name === study.bestVariant ? 'best' : ''} |`,
  );
  return [
    '| variant | model | metric | right | |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...study.completeness.checks.map((check) => `- ${check.passed ? '✅' : '❌'} ${check.said ? line(check.said, locale) : check.message}`),
    '',
    line(say('gradescope.reflection', { words: study.reflectionWords }), locale),
  ];
}

/** One evaluator's aggregate line: its mean, cases fully right, unscorable ones, weight. */
function evaluatorSaid(summary: GradeReport['evaluators'][number], total: number): Said {
  if (summary.mean === null) return say('gradescope.evaluator_none', { name: summary.name });
  const counts = { mean: summary.mean, passed: summary.passed, total, weight: summary.weight };
  return summary.unscorable
    ? say('gradescope.evaluator_mean_unscorable', { ...counts, unscorable: summary.unscorable })
    : say('gradescope.evaluator_mean', counts);
}

export function toGradescopeResults(report: GradeReport, options: { visibility: Visibility; executionSeconds?: number; locale?: Locale }): GradescopeResults {
  const locale = options.locale ?? 'en';
  const evaluatorTests = report.evaluators.map((summary, index) => ({
    name: line(say('gradescope.test_evaluator', { name: summary.name }), locale),
    number: `2.${index + 1}`,
    score: 0,
    max_score: 0,
    status: (summary.mean ?? 0) > 0 ? ('passed' as const) : ('failed' as const),
    output: line(evaluatorSaid(summary, report.counts.total), locale),
    visibility: options.visibility,
  }));
  const studyTests = report.study
    ? report.study.variants.map((variant, index) => ({
        name: line(say('gradescope.test_variant', { variant: variant.name, model: variant.model }), locale),
        number: `3.${index + 1}`,
        score: 0,
        max_score: 0,
        status: variant.error ? ('failed' as const) : ('passed' as const),
        // A variant's error is the grader's English; another language says only that it failed.
        output: variant.error
          ? locale === 'en'
            ? `Could not run: ${variant.error}`
            : line(say('gradescope.variant_failed', { variant: variant.name }), locale)
          : line(
              say('gradescope.variant_metric', { metric: variant.metric ?? 0, correct: variant.counts?.correct ?? 0, total: variant.counts?.total ?? 0 }),
              locale,
            ),
        visibility: options.visibility,
      }))
    : [];
  return {
    score: report.points,
    execution_time: Math.round(options.executionSeconds ?? report.durationMs / 1000),
    output: [...summaryLines(report, locale), studyLines(report, locale).join('\n')].filter(Boolean).join('\n\n'),
    output_format: 'md',
    visibility: options.visibility,
    stdout_visibility: 'hidden',
    tests: [
      {
        name: line(say('gradescope.test_overall', { aggregate: report.aggregate }), locale),
        number: '1',
        score: report.points,
        max_score: report.maxPoints,
        status: report.points >= report.maxPoints ? 'passed' : 'failed',
        output: summaryLines(report, locale).slice(1).join('\n'),
        visibility: options.visibility,
      },
      ...evaluatorTests,
      ...studyTests,
    ],
    leaderboard: [{ name: report.aggregate, value: Math.round(report.metric * 10_000) / 10_000, order: 'desc' }],
    extra_data: {
      taskId: report.taskId,
      taskVersion: report.taskVersion,
      model: report.model,
      metric: report.metric,
      counts: report.counts,
      usage: report.usage,
      // Staff export reflections from here for manual grading; students see only the word count.
      ...(report.study ? { reflection: report.study.reflection } : {}),
    },
  };
}

/**
 * A submission that could not be graded at all still gets a results.json: 0 points and why. `said`
 * is the reason by code (a ProgramError's), used for a language other than English.
 */
export function gradescopeError(
  message: string,
  options: { maxPoints: number; visibility?: Visibility; locale?: Locale; said?: readonly Said[] },
): GradescopeResults {
  const locale = options.locale ?? 'en';
  // English keeps the error's own message (the words the CLI prints); another language renders the codes.
  const reason = locale !== 'en' && options.said?.length ? options.said.map((one) => line(one, locale)).join('\n') : message;
  const output = `${line(say('gradescope.not_graded'), locale)}\n\n${reason}\n\n${line(say('gradescope.fix_and_resubmit'), locale)}`;
  return {
    score: 0,
    output,
    output_format: 'md',
    visibility: options.visibility ?? 'visible',
    stdout_visibility: 'hidden',
    tests: [{ name: 'Submission is valid', number: '0', score: 0, max_score: options.maxPoints, status: 'failed', output: reason, visibility: 'visible' }],
  };
}

/**
 * The autograder could not run because of the staff's setup (missing model or key, broken task).
 * Gradescope needs a score, so it is 0, but the whole result is hidden from the student and
 * addressed to the staff: after fixing the setup they regrade, and the student never saw a
 * zero they did not earn.
 */
export function gradescopeSetupError(message: string, options: { kind: string }): GradescopeResults {
  const output = [
    `**For the course staff: the autograder is not set up correctly (${options.kind}).** This is not the student's result; it is hidden from them.`,
    '',
    message,
    '',
    'Fix the autograder (rebuild the zip with `sandbox gradescope package`, or set the missing key), then use "Regrade All Submissions".',
  ].join('\n');
  return {
    score: 0,
    output,
    output_format: 'md',
    visibility: 'hidden',
    stdout_visibility: 'hidden',
    tests: [{ name: 'Autograder setup (staff only)', number: '0', score: 0, max_score: 0, status: 'failed', output: message, visibility: 'hidden' }],
    extra_data: { setupError: true, kind: options.kind },
  };
}
