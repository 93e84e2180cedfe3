// The `sandbox` command. Each command lives in commands/ and is imported when it runs; this file
// only dispatches and turns typed errors into a clear message and an exit code (never a stack trace for a user mistake).
import { loadConfig } from '../config.js';
import { SandboxError } from '../core/errors.js';
import { UsageError } from './args.js';
import { createOutput } from './output.js';

// Each command's module (and what it pulls in: express for serve, pg for db copy, the zip writer…)
// is imported only when that command runs, so `sandbox grade` starts without the server's stack.
const runtimeModule = () => import('../runtime.js');
const usage = `Usage: sandbox <command>

Commands:
  serve [--role all|web]        start the sandbox server (http://localhost:3000); --role web: no grading
  worker                        grade queued submissions only (SANDBOX_GRADING_WORKERS at a time),
                                beside \`serve --role web\` processes on the same database
  grade --task <id> --submission <program.json> [--split test|dev] [--out results.json]
  grade --gradescope [--gradescope-root DIR] [--task <id>]
                                grade DIR/submission (default /autograder), write DIR/results/results.json
  gradescope package --task <id> [--models <id,id>] [--out file.zip]
                                build the Gradescope autograder zip for a task
  tasks check [--no-run] [id...] validate task folders and assignments and prove them sound
                                (oracle; reference beats baseline on a real model)
  models list                   configured models: kind, style, cached or missing, size on disk
  models pull [id...] [--from DIR]
                                fetch local models from the Hugging Face Hub (progress on stderr),
                                or import a copied model folder (--from) on an offline machine
  staff sign-in [--email <e>]   print a one-time staff sign-in URL (creates the staff account if new)
  extensions grant|list|revoke  per-student extensions: --email <student> --task <id> --due <ISO>
                                [--cutoff <ISO>] [--note <text>]; list [--audit]; every change audited
  db copy --from sqlite:<file> --to postgres://…
                                copy every table of a SQLite database into an empty PostgreSQL one
  help                          show this help

Environment: PORT, SANDBOX_TASKS_DIR, SANDBOX_MODELS_CONFIG, SANDBOX_DATA_DIR, SANDBOX_MODELS_DIR,
SANDBOX_OFFLINE, SANDBOX_CONCURRENCY, SANDBOX_TIMEOUT_MS, DATABASE_URL (also read from .env; all in
the README's Configuration).`;

async function main(argv: string[]): Promise<number> {
  const output = createOutput({ noColor: Boolean(process.env.NO_COLOR) });
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve': {
        const { parseServeFlags, runServe, serveUsage } = await import('./commands/serve.js');
        if (rest.includes('--help')) {
          output.out(serveUsage);
          return 0;
        }
        const { role } = parseServeFlags(rest);
        const { createRuntime } = await runtimeModule();
        return await runServe(createRuntime(loadConfig(process.env)), output, { role });
      }
      case 'worker': {
        const { runWorker, workerUsage } = await import('./commands/worker.js');
        if (rest.includes('--help')) {
          output.out(workerUsage);
          return 0;
        }
        if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"\n\n${workerUsage}`);
        const { createRuntime } = await runtimeModule();
        return await runWorker(createRuntime(loadConfig(process.env)), output);
      }
      case 'staff': {
        const [sub, ...flags] = rest;
        const { runStaffSignIn, staffSignInUsage } = await import('./commands/staff-sign-in.js');
        if (sub !== 'sign-in') throw new UsageError(`unknown command "staff ${sub ?? ''}"\n\n${staffSignInUsage}`);
        return await runStaffSignIn(flags, loadConfig(process.env), output);
      }
      case 'extensions': {
        const { extensionsUsage, runExtensions } = await import('./commands/extensions.js');
        if (rest.length === 0 || rest.includes('--help')) {
          output.out(extensionsUsage);
          return 0;
        }
        const config = loadConfig(process.env);
        const [{ openStores }, { openCatalog }, { systemClock }] = await Promise.all([
          import('../storage/open-stores.js'),
          runtimeModule(),
          import('../clock.js'),
        ]);
        const stores = await openStores(config.database, { clock: systemClock, quotas: config.quotas, sessionDays: config.sessionDays });
        try {
          return await runExtensions(rest, { stores, catalog: openCatalog(config), clock: systemClock }, output);
        } finally {
          await stores.close();
        }
      }
      case 'db': {
        const { dbCopyUsage, runDbCopy } = await import('./commands/db-copy.js');
        if (rest.length === 0 || rest.includes('--help')) {
          output.out(dbCopyUsage);
          return 0;
        }
        return await runDbCopy(rest, output, loadConfig(process.env));
      }
      case 'grade': {
        const { gradeUsage, runGrade } = await import('./commands/grade.js');
        if (rest.includes('--help')) {
          output.out(gradeUsage);
          return 0;
        }
        const { createRuntime } = await runtimeModule();
        // This process runs one grade: its heap's growth is capped (grade-heap-growth.ts).
        const { capHeapGrowthForGrading } = await import('./grade-heap-growth.js');
        capHeapGrowthForGrading(process.env);
        return await runGrade(rest, (adjust) => createRuntime(adjust(loadConfig(process.env))), output, Boolean(process.stderr.isTTY));
      }
      case 'gradescope': {
        const [sub, ...flags] = rest;
        const { gradescopePackageUsage, runGradescopePackage } = await import('./commands/gradescope-package.js');
        if (sub === undefined || flags.includes('--help')) {
          output.out(gradescopePackageUsage);
          return 0;
        }
        if (sub !== 'package') throw new UsageError(`unknown command "gradescope ${sub}"\n\n${gradescopePackageUsage}`);
        // The grader packaged into the zip is this checkout.
        const { projectRoot } = await import('../project-root.js');
        return await runGradescopePackage(flags, { config: loadConfig(process.env), projectRoot }, output);
      }
      case 'tasks': {
        const [sub, ...ids] = rest;
        if (sub !== 'check') throw new UsageError(`unknown command "tasks ${sub ?? ''}"; did you mean "tasks check"?\n\n${usage}`);
        const { runTasksCheck, tasksCheckUsage } = await import('./commands/tasks-check.js');
        if (ids.includes('--help')) {
          output.out(tasksCheckUsage);
          return 0;
        }
        return await runTasksCheck(ids, loadConfig(process.env), output);
      }
      case 'models': {
        const [sub, ...args] = rest;
        const { modelsUsage, runModelsPull } = await import('./commands/models-pull.js');
        if (sub === undefined || args.includes('--help')) {
          output.out(modelsUsage);
          return 0;
        }
        const config = loadConfig(process.env);
        const { loadModels } = await runtimeModule();
        const { modelsConfig } = loadModels(config);
        if (sub === 'list') return (await import('./commands/models-list.js')).runModelsList(modelsConfig, config, output);
        if (sub === 'pull') return await runModelsPull(args, { modelsConfig, config }, output, Boolean(process.stderr.isTTY));
        throw new UsageError(`unknown command "models ${sub}"\n\n${modelsUsage}`);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        output.out(usage);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${usage}`);
    }
  } catch (error) {
    if (error instanceof SandboxError) {
      output.err(`sandbox: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
