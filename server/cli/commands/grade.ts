// `sandbox grade`: grades one submitted prompt program on a task split, prints a summary, and
// writes Gradescope's results.json. A submission that cannot be graded still gets a results.json
// (0 points and the reason); only staff-side problems are hidden behind a generic message.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, NotFound, ProgramError, SandboxError, TaskError, errorMessage } from '../../core/errors.js';
import type { GradeReport } from '../../core/grade-report.js';
import type { Task } from '../../core/task.js';
import type { GradeProgress } from '../../grading/grade-program.js';
import { gradeSubmission } from '../../grading/grade-submission.js';
import { gradescopeError, summaryLines, toGradescopeResults } from '../../grading/gradescope.js';
import { GradescopeResultsSchema, type GradescopeResults } from '../../grading/gradescope-schema.js';
import type { Runtime } from '../../runtime.js';
import { parseFlags, UsageError } from '../args.js';
import { paint, truncate, type Output } from '../output.js';

export const gradeUsage = `Usage: sandbox grade --task <id> --submission <program.json> [--split test|dev] [--out results.json]
       sandbox grade --gradescope [--task <id>]   (reads /autograder/submission/, writes /autograder/results/results.json)
Options:
  --concurrency N     parallel model calls (default from SANDBOX_CONCURRENCY, 4)
  --no-cache          do not reuse cached model responses
  --points N          maximum points (default: the task's points.max)`;

const FlagsSchema = z.object({
  task: z.string().optional(),
  submission: z.string().optional(),
  split: z.enum(['test', 'dev']).default('test'),
  out: z.string().optional(),
  gradescope: z.boolean().default(false),
  'gradescope-root': z.string().default('/autograder'),
  concurrency: z.coerce.number().int().min(1).max(256).optional(),
  'no-cache': z.boolean().default(false),
  points: z.coerce.number().positive().optional(),
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
  output.out(`  usage: ${report.usage.modelCalls} model calls, ${report.usage.cacheHits} cached, ${report.usage.promptTokens} prompt + ${report.usage.completionTokens} completion tokens, ${(report.durationMs / 1000).toFixed(1)} s`);
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

export async function runGrade(argv: string[], openRuntime: () => Runtime, output: Output, interactive: boolean): Promise<number> {
  const { flags } = parseFlags(argv, flagSpec, FlagsSchema, gradeUsage);
  if (!flags.gradescope && !flags.submission) throw new UsageError(`--submission is required (or --gradescope)\n\n${gradeUsage}`);
  const resultsPath = flags.gradescope ? path.join(flags['gradescope-root'], 'results', 'results.json') : flags.out;
  const started = Date.now();
  let task: Task | undefined;
  let results: GradescopeResults;
  let exitCode = 0;
  const runtime = openRuntime();
  try {
    const submissionFile = flags.gradescope ? findSubmissionFile(path.join(flags['gradescope-root'], 'submission')) : flags.submission!;
    const program = readProgram(submissionFile);
    const taskId = flags.task ?? (program as { task?: unknown } | null)?.task;
    if (typeof taskId !== 'string') throw new ProgramError(['the program does not say which task it is for; add "task": "<task id>" or pass --task']);
    task = runtime.catalog.task(taskId);
    const report = await gradeSubmission(
      task,
      program,
      { models: runtime.models, getEvaluator: runtime.getEvaluator, cache: flags['no-cache'] ? null : runtime.cache },
      {
        split: flags.split,
        concurrency: flags.concurrency ?? runtime.config.concurrency,
        timeoutMs: runtime.config.timeoutMs,
        ...(flags.points ? { maxPoints: flags.points } : {}),
        onProgress: progressPrinter(output, interactive),
      },
    );
    printReport(report, output);
    results = toGradescopeResults(report, { visibility: task.gradescope.visibility, executionSeconds: (Date.now() - started) / 1000 });
  } catch (error) {
    exitCode = 1;
    const maxPoints = flags.points ?? task?.points.max ?? 0;
    if (error instanceof ProgramError || error instanceof UsageError || error instanceof NotFound) {
      output.err(paint(output, 'red', `The submission could not be graded:\n${error.message}`));
      results = gradescopeError(error.message, { maxPoints });
    } else {
      // Configuration and unexpected errors are the staff's to fix; the student sees a generic
      // message (their stdout is hidden) and the log has the details.
      const staffSide = error instanceof ConfigError || error instanceof TaskError || error instanceof SandboxError;
      output.err(paint(output, 'red', `Grading failed (${staffSide ? 'configuration' : 'internal error'}): ${errorMessage(error)}`));
      if (!staffSide && error instanceof Error && error.stack) output.err(error.stack);
      results = gradescopeError('The autograder could not run because of a problem on the course staff\'s side. Your submission was not counted; the staff have the details.', { maxPoints });
    }
  } finally {
    await runtime.close();
  }
  if (resultsPath) {
    fs.mkdirSync(path.dirname(path.resolve(resultsPath)), { recursive: true });
    fs.writeFileSync(resultsPath, `${JSON.stringify(GradescopeResultsSchema.parse(results), null, 2)}\n`);
    output.out(`Wrote ${resultsPath}`);
  }
  return exitCode;
}
