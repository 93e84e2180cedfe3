// GradeReport -> Gradescope results.json. Only aggregates of the hidden split go in: no hidden
// input, expected value, model output or per-case error text, since students read this file's output.
import type { GradeReport } from '../core/grade-report.js';
import type { GradescopeResults } from './gradescope-schema.js';

type Visibility = NonNullable<GradescopeResults['visibility']>;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function summaryLines(report: GradeReport): string[] {
  const split = report.split === 'test' ? 'hidden test split' : 'dev split';
  const lines = [
    `Task ${report.taskId} (version ${report.taskVersion}), model ${report.model}, ${split}: ${report.counts.total} cases.`,
    `Metric (${report.aggregate}): ${percent(report.metric)}. Points: ${report.points} of ${report.maxPoints} (0 points at ${percent(report.baseline)} or below, full points at ${percent(report.target)} or above, linear in between).`,
    `${report.counts.correct} of ${report.counts.total} cases right.`,
  ];
  if (report.study) {
    const completeness = report.study.completeness;
    lines[1] = `Best variant: ${report.study.bestVariant ?? 'none'}, metric (${report.aggregate}) ${percent(report.metric)}. Completeness ${completeness.checks.filter((c) => c.passed).length} of ${completeness.checks.length} checks. Points: ${report.points} of ${report.maxPoints}.`;
    lines[2] = `Best variant: ${report.counts.correct} of ${report.counts.total} cases right.`;
  }
  if (report.counts.errored) {
    const errored = report.counts.errored;
    lines.push(
      `${errored} ${errored === 1 ? 'case' : 'cases'} could not be run (a model call failed after retries, or a case's input could not be read) and count as wrong. This is not your program's fault: tell the course staff, who can fix it and re-grade.`,
    );
  }
  return lines;
}

/** The study's comparison table and completeness checks, as markdown (aggregates only). */
export function studyLines(report: GradeReport): string[] {
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
    ...study.completeness.checks.map((check) => `- ${check.passed ? '✅' : '❌'} ${check.message}`),
    '',
    `Reflection: ${study.reflectionWords} words, collected for the staff (not scored automatically).`,
  ];
}

export function toGradescopeResults(report: GradeReport, options: { visibility: Visibility; executionSeconds?: number }): GradescopeResults {
  const evaluatorTests = report.evaluators.map((summary, index) => ({
    name: `Evaluator ${summary.name}`,
    number: `2.${index + 1}`,
    score: 0,
    max_score: 0,
    status: (summary.mean ?? 0) > 0 ? ('passed' as const) : ('failed' as const),
    output:
      summary.mean === null
        ? `No case could be scored by ${summary.name}.`
        : `Mean ${percent(summary.mean)}; ${summary.passed} of ${report.counts.total} cases fully right${summary.unscorable ? `; ${summary.unscorable} not scorable` : ''}. Weight ${summary.weight}.`,
    visibility: options.visibility,
  }));
  const studyTests = report.study
    ? report.study.variants.map((variant, index) => ({
        name: `Variant ${variant.name} (${variant.model})`,
        number: `3.${index + 1}`,
        score: 0,
        max_score: 0,
        status: variant.error ? ('failed' as const) : ('passed' as const),
        output: variant.error
          ? `Could not run: ${variant.error}`
          : `Metric ${percent(variant.metric ?? 0)}; ${variant.counts?.correct ?? 0} of ${variant.counts?.total ?? 0} right.`,
        visibility: options.visibility,
      }))
    : [];
  return {
    score: report.points,
    execution_time: Math.round(options.executionSeconds ?? report.durationMs / 1000),
    output: [...summaryLines(report), studyLines(report).join('\n')].filter(Boolean).join('\n\n'),
    output_format: 'md',
    visibility: options.visibility,
    stdout_visibility: 'hidden',
    tests: [
      {
        name: `Overall metric (${report.aggregate})`,
        number: '1',
        score: report.points,
        max_score: report.maxPoints,
        status: report.points >= report.maxPoints ? 'passed' : 'failed',
        output: summaryLines(report).slice(1).join('\n'),
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

/** A submission that could not be graded at all still gets a results.json: 0 points and why. */
export function gradescopeError(message: string, options: { maxPoints: number; visibility?: Visibility }): GradescopeResults {
  const output = `Your submission could not be graded:\n\n${message}\n\nFix the problem and submit again; this attempt scored 0.`;
  return {
    score: 0,
    output,
    output_format: 'md',
    visibility: options.visibility ?? 'visible',
    stdout_visibility: 'hidden',
    tests: [{ name: 'Submission is valid', number: '0', score: 0, max_score: options.maxPoints, status: 'failed', output: message, visibility: 'visible' }],
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
