// `sandbox grade`: grades one submitted prompt program on a task split, prints a summary, and
// writes Gradescope's results.json. A submission that cannot be graded still gets a results.json
// (0 points and the reason) when the student's program is at fault; a setup problem (missing model
// or key, broken task, bad configuration) writes a results.json for the staff only (hidden from the
// student) and exits non-zero, since it is not the student's result. The results' student-facing
// lines are in `--lang`, else the task's `gradescope.language`, else English; the terminal output
// stays English for operators.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, NotFound, ProgramError, SandboxError, TaskError, errorMessage } from '../../core/errors.js';
import type { GradeReport } from '../../core/grade-report.js';
import { LocaleSchema } from '../../core/locale.js';
import type { Task } from '../../core/task.js';
import type { GradeProgress } from '../../grading/grade-program.js';
import { gradeSubmission } from '../../grading/grade-submission.js';
import { gradescopeError, gradescopeSetupError, summaryLines, toGradescopeResults } from '../../grading/gradescope.js';
import { gradescopeLateness, withLateness } from '../../grading/gradescope-lateness.js';
import { GradescopeResultsSchema, type GradescopeResults } from '../../grading/gradescope-schema.js';
import type { Config } from '../../config.js';
import type { Runtime } from '../../runtime.js';
import { parseFlags, UsageError } from '../args.js';
import { paint, truncate, type Output } from '../output.js';

export const gradeUsage = `Usage: sandbox grade --task <id> --submission <program.json> [--split test|dev] [--out results.json]
       sandbox grade --gradescope [--gradescope-root DIR] [--task <id>]
                      reads DIR/submission/, writes DIR/results/results.json and nothing else
                      outside DIR (DIR defaults to /autograder, which must exist: on Gradescope)
Options:
  --concurrency N     parallel model calls (default from SANDBOX_CONCURRENCY, 4)
  --no-cache          do not reuse cached model responses
  --points N          maximum points (default: the task's points.max)
  --lang en|zh-CN     language of results.json for students (default: the task's gradescope.language, else en)`;

const FlagsSchema = z.object({
  task: z.string().optional(),
  submission: z.string().optional(),
  split: z.enum(['test', 'dev']).default('test'),
  out: z.string().optional(),
  gradescope: z.boolean().default(false),
  'gradescope-root': z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(256).optional(),
  'no-cache': z.boolean().default(false),
  points: z.coerce.number().positive().optional(),
  lang: LocaleSchema.optional(),
});

const flagSpec = {
  task: { type: 'string' },
  submission: { type: 'string' },
  split: { type: 'string' },
  out: { type: 'string' },
  gradescope: { type: 'boolean' },
  'gradescope-root': { type: 'string' },
  concurrency: { type: 'string' },
  'no-cache': { type: 'boolean' },
  points: { type: 'string' },
  lang: { type: 'string' },
} as const;

/** The program file in a Gradescope submission folder: program.json, else the only .json file. */
export function findSubmissionFile(folder: string): string {
  if (!fs.existsSync(folder)) throw new ProgramError([`no submission folder at ${folder}`]);
  const preferred = path.join(folder, 'program.json');
  if (fs.existsSync(preferred)) return preferred;
  const candidates = fs.readdirSync(folder).filter((name) => name.endsWith('.json'));
  if (candidates.length === 1) return path.join(folder, candidates[0]!);
  throw new ProgramError([
    candidates.length === 0
      ? 'the submission has no .json file; upload your prompt program as program.json (the sandbox\'s "Download program" button saves it)'
      : `the submission has several .json files (${candidates.join(', ')}); upload only program.json`,
  ]);
}

function readProgram(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ProgramError([`cannot read the submission file ${path.basename(file)}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProgramError([`${path.basename(file)} is not valid JSON: ${(error as Error).message}`]);
  }
}

function progressPrinter(output: Output, interactive: boolean): (progress: GradeProgress) => void {
  return (progress) => {
    if (!interactive || progress.total === 0) return;
    const width = 30;
    const filled = Math.round((progress.done / progress.total) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const errored = progress.errored ? `, ${progress.errored} errored` : '';
    process.stderr.write(`\r[${bar}] ${progress.done}/${progress.total} cases${errored}${progress.phase === 'done' ? '\n' : ''}`);
  };
}

export function printReport(report: GradeReport, output: Output): void {
  for (const line of summaryLines(report)) output.out(line);
  output.out();
  for (const summary of report.evaluators) {
    const mean = summary.mean === null ? 'n/a' : `${(summary.mean * 100).toFixed(1)}%`;
    output.out(`  ${summary.name.padEnd(24)} mean ${mean.padStart(6)}   fully right ${summary.passed}/${report.counts.total}`);
  }
  // modelCalls counts requests that reached the model; cache answers are added to the total.
  const calls = report.usage.modelCalls + report.usage.cacheHits;
  output.out(
    `  usage: ${calls} model ${calls === 1 ? 'call' : 'calls'}, ${report.usage.cacheHits} of them from cache, ${report.usage.promptTokens} prompt + ${report.usage.completionTokens} completion tokens, ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  // Per-case lines only for the visible split; hidden cases stay aggregates.
  const visible = report.cases.filter((c) => !c.hidden);
  if (visible.length) {
    output.out();
    for (const c of visible) {
      const mark = c.error ? paint(output, 'red', 'ERR ') : c.score === 1 ? paint(output, 'green', 'ok  ') : paint(output, 'yellow', 'miss');
      const detail = c.error ? c.error : `${truncate(c.output, 40)} (expected ${truncate(JSON.stringify(c.expected), 30)})`;
      output.out(`  ${mark} ${c.caseId.padEnd(10)} ${detail}`);
    }
  }
}

const DEFAULT_GRADESCOPE_ROOT = '/autograder';

/**
 * The autograder root in Gradescope mode. /autograder is assumed only where it exists (on
 * Gradescope); elsewhere the root must be given, so a local try never writes to the filesystem root.
 */
export function gradescopeRoot(given: string | undefined, exists: (dir: string) => boolean): string {
  if (given !== undefined) {
    const root = path.resolve(given);
    if (!exists(root)) throw new UsageError(`--gradescope-root ${given}: no such folder (it needs submission/ and gets results/)`);
    return root;
  }
  if (!exists(path.join(DEFAULT_GRADESCOPE_ROOT, 'submission'))) {
    throw new UsageError(
      `${DEFAULT_GRADESCOPE_ROOT}/submission does not exist, so this is not a Gradescope container; pass --gradescope-root DIR (a folder with submission/) to try Gradescope mode elsewhere`,
    );
  }
  return DEFAULT_GRADESCOPE_ROOT;
}

/** Whether `file` is inside `root` (after resolving `..`). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Gradescope mode writes nothing outside the autograder root: a response cache configured
 * elsewhere is kept in memory instead (the container is fresh for every submission anyway), and
 * local models outside the root are read but never downloaded there.
 */
export function confineToRoot(root: string, config: Config): Config {
  return {
    ...config,
    ...(config.database.kind === 'sqlite' && isInside(root, config.database.path)
      ? {}
      : { databasePath: ':memory:', database: { kind: 'sqlite' as const, path: ':memory:' } }),
    ...(isInside(root, config.modelsDir) ? {} : { offline: true }),
  };
}

export async function runGrade(
  argv: string[],
  openRuntime: (adjust: (config: Config) => Config) => Runtime,
  output: Output,
  interactive: boolean,
): Promise<number> {
  const { flags } = parseFlags(argv, flagSpec, FlagsSchema, gradeUsage);
  if (!flags.gradescope && !flags.submission) throw new UsageError(`--submission is required (or --gradescope)\n\n${gradeUsage}`);
  if (!flags.gradescope && flags['gradescope-root'] !== undefined) throw new UsageError(`--gradescope-root needs --gradescope\n\n${gradeUsage}`);
  const root = flags.gradescope ? gradescopeRoot(flags['gradescope-root'], fs.existsSync) : undefined;
  if (root && flags.submission) throw new UsageError(`--gradescope reads the submission from ${root}/submission; drop --submission`);
  const resultsPath = root ? path.join(root, 'results', 'results.json') : flags.out;
  if (root && flags.out && path.resolve(flags.out) !== resultsPath) {
    throw new UsageError(`--out ${flags.out}: in Gradescope mode the results go to ${resultsPath} and nothing is written outside ${root}`);
  }
  const started = Date.now();
  let task: Task | undefined;
  let results: GradescopeResults;
  let exitCode = 0;
  let runtime: Runtime | undefined;
  try {
    runtime = openRuntime((config) => (root ? confineToRoot(root, config) : config));
    const submissionFile = root ? findSubmissionFile(path.join(root, 'submission')) : flags.submission!;
    const program = readProgram(submissionFile);
    const programTask = (program as { task?: unknown } | null)?.task;
    const taskId = flags.task ?? programTask;
    if (typeof taskId !== 'string') throw new ProgramError(['the program does not say which task it is for; add "task": "<task id>" or pass --task']);
    // A task named by the staff (--task, as the packaged run_autograder passes) that cannot be
    // loaded is a setup problem; one named only by the student's program is the student's.
    try {
      task = runtime.catalog.task(taskId);
    } catch (error) {
      if (!flags.task && error instanceof NotFound) throw new ProgramError([error.message]);
      throw error;
    }
    const report = await gradeSubmission(
      task,
      program,
      { models: runtime.models, getEvaluator: runtime.getEvaluator, cache: flags['no-cache'] ? null : (await runtime.stores()).responseCache },
      {
        split: flags.split,
        concurrency: flags.concurrency ?? runtime.config.concurrency,
        timeoutMs: runtime.config.timeoutMs,
        ...(flags.points ? { maxPoints: flags.points } : {}),
        onProgress: progressPrinter(output, interactive),
        // A judge that cannot grade is the staff's setup to fix, never a lower grade (results hidden).
        judgeErrors: 'fail',
        // Hidden cases are only ever shown as aggregates here: none is kept once counted.
        keepHiddenCases: false,
      },
    );
    printReport(report, output);
    if (report.counts.total > 0 && report.counts.errored === report.counts.total) {
      // Not one case ran: the model cannot be used here (unreachable, refused the key). Grading
      // this as 0 would blame the student for the staff's setup.
      throw new ConfigError(
        `every one of the ${report.counts.total} cases failed to run on model ${report.model}, so the model cannot be used from this autograder (check its files, network access and API key); the student's program was not graded`,
      );
    }
    const locale = flags.lang ?? task.gradescope.language;
    results = toGradescopeResults(report, { visibility: task.gradescope.visibility, executionSeconds: (Date.now() - started) / 1000, locale });
    // Late penalty from the assignment file's policy and Gradescope's submission time.
    const late = root ? gradescopeLateness(root, runtime.catalog.deadline(task.id)) : null;
    if (late) {
      results = withLateness(results, report, late, locale);
      if (late.status === 'late') output.out(`Late: ${late.penaltyPercent}% penalty; final points ${results.score} of ${report.maxPoints}`);
    }
  } catch (error) {
    exitCode = 1;
    const maxPoints = flags.points ?? task?.points.max ?? 0;
    if (error instanceof ProgramError) {
      // The student's own mistake: they see it and can fix it.
      output.err(paint(output, 'red', `The submission could not be graded:\n${error.message}`));
      results = gradescopeError(error.message, { maxPoints, locale: flags.lang ?? task?.gradescope.language ?? 'en', said: error.said });
    } else {
      // Setup (missing model or key, broken task, configuration) and unexpected errors are the
      // staff's to fix: the results are hidden from the student and say what to fix.
      const kind =
        error instanceof ConfigError ? 'configuration' : error instanceof TaskError ? 'task' : error instanceof SandboxError ? 'setup' : 'internal error';
      output.err(paint(output, 'red', `Grading failed (${kind}): ${errorMessage(error)}`));
      if (!(error instanceof SandboxError) && error instanceof Error && error.stack) output.err(error.stack);
      results = gradescopeSetupError(errorMessage(error), { kind });
    }
  } finally {
    await runtime?.close();
  }
  if (resultsPath) {
    fs.mkdirSync(path.dirname(path.resolve(resultsPath)), { recursive: true });
    fs.writeFileSync(resultsPath, `${JSON.stringify(GradescopeResultsSchema.parse(results), null, 2)}\n`);
    output.out(`Wrote ${resultsPath}`);
  }
  return exitCode;
}
