// Grades a study: every variant runs on the same split; the study's metric is the best variant's,
// and part of the points rewards completeness (the checks of prompts/check-study.ts). A variant
// that cannot run fails its own check without sinking the others.
import { ProgramError, errorMessage } from '../core/errors.js';
import type { GradeReport, StudyReport } from '../core/grade-report.js';
import type { StudyProgram } from '../core/study.js';
import type { Task } from '../core/task.js';
import { checkStudy, englishLine } from '../prompts/check-study.js';
import { say } from '../shared/messages/say.js';
import { countWords } from '../shared/count-words.js';
import { gradeProgram, type GradeDeps, type GradeOptions } from './grade-program.js';
import { metricToPoints } from './points.js';

type VariantResult = { name: string; model: string; report: GradeReport | null; error?: string };

export async function gradeStudy(task: Task, study: StudyProgram, deps: GradeDeps, options: GradeOptions): Promise<GradeReport> {
  const config = task.study!;
  const started = (deps.now ?? Date.now)();
  // Each variant runs its split, plus the dev cases when a test grade includes them.
  const perVariant = (options.split === 'dev' ? task.dev.length : task.test.length) + (options.includeDev && options.split === 'test' ? task.dev.length : 0);
  const total = study.variants.length * perVariant;
  let doneBefore = 0;
  let erroredBefore = 0;
  const results: VariantResult[] = [];
  for (const variant of study.variants) {
    let last = { done: 0, errored: 0 };
    try {
      const report = await gradeProgram(task, variant.program, deps, {
        ...options,
        onProgress: (progress) => {
          last = progress;
          options.onProgress?.({ phase: 'running', done: doneBefore + progress.done, total, errored: erroredBefore + progress.errored });
        },
      });
      results.push({ name: variant.name, model: variant.program.model, report });
    } catch (error) {
      if (!(error instanceof ProgramError)) throw error;
      results.push({ name: variant.name, model: variant.program.model, report: null, error: errorMessage(error) });
    }
    doneBefore += perVariant;
    erroredBefore += last.errored;
  }

  const checks = checkStudy(study, config);
  for (const result of results) {
    const said = result.error
      ? say('check.variant_failed', { variant: result.name })
      : say('check.variant_ran', { variant: result.name, total: result.report!.counts.total });
    checks.push({
      name: `variant ${result.name} runs`,
      passed: !result.error,
      // The English line keeps the error for staff and the CLI; the coded one says only that it failed.
      message: result.error ? `variant "${result.name}" could not run: ${result.error}` : englishLine(said),
      said,
    });
  }
  const completeness = checks.filter((c) => c.passed).length / checks.length;
  const graded = results.filter((r): r is VariantResult & { report: GradeReport } => r.report !== null);
  const best = graded.reduce<(typeof graded)[number] | null>((top, r) => (!top || r.report.metric > top.report.metric ? r : top), null);

  const maxPoints = options.maxPoints ?? task.points.max;
  const weight = config.completenessWeight;
  const metric = best?.report.metric ?? 0;
  const points = Math.round((completeness * weight * maxPoints + metricToPoints(metric, { ...task.points, max: (1 - weight) * maxPoints })) * 100) / 100;

  const studyReport: StudyReport = {
    completeness: { score: completeness, checks },
    bestVariant: best?.name ?? null,
    variants: results.map((r) => ({
      name: r.name,
      model: r.model,
      metric: r.report?.metric ?? null,
      points: r.report ? metricToPoints(r.report.metric, { ...task.points, max: (1 - weight) * maxPoints }) : null,
      counts: r.report?.counts ?? null,
      evaluators: r.report?.evaluators ?? [],
      usage: r.report?.usage ?? null,
      ...(r.error ? { error: r.error } : {}),
    })),
    reflection: study.reflection,
    reflectionWords: countWords(study.reflection),
  };
  const usage = graded.reduce(
    (sum, r) => ({
      promptTokens: sum.promptTokens + r.report.usage.promptTokens,
      completionTokens: sum.completionTokens + r.report.usage.completionTokens,
      modelCalls: sum.modelCalls + r.report.usage.modelCalls,
      cacheHits: sum.cacheHits + r.report.usage.cacheHits,
    }),
    { promptTokens: 0, completionTokens: 0, modelCalls: 0, cacheHits: 0 },
  );
  const base: GradeReport = best?.report ?? {
    submissionId: options.submissionId ?? 'local',
    taskId: task.id,
    taskVersion: task.version,
    split: options.split,
    model: study.variants[0]?.program.model ?? '',
    aggregate: task.metric.aggregate,
    metric: 0,
    points: 0,
    maxPoints,
    baseline: task.points.baseline,
    target: task.points.target,
    evaluators: [],
    counts: { total: 0, errored: 0, correct: 0 },
    cases: [],
    usage,
    durationMs: 0,
    startedAt: new Date(started).toISOString(),
  };
  options.onProgress?.({ phase: 'done', done: total, total, errored: erroredBefore });
  return {
    ...base,
    metric,
    points,
    maxPoints,
    usage,
    durationMs: Math.max(0, (deps.now ?? Date.now)() - started),
    startedAt: new Date(started).toISOString(),
    study: studyReport,
  };
}
