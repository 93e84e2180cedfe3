// Start-up and memory of the real `sandbox` command, side by side: compiled (dist/, built first)
// and the TypeScript sources (SANDBOX_COMPILED=0), and optionally another checkout for a before/
// after comparison (`-- --baseline DIR`, e.g. `git archive <commit> | tar -x -C DIR` with a
// node_modules link; compiled like this one when it has bin/build.js). Per variant: `serve` time to its first healthy answer; `sandbox grade` of 200
// cached-nothing chat cases at concurrency 16 against a 100 ms endpoint (whole process); peak RSS
// and CPU time of grading 1,000 and 5,000 cases (`--memory-runs N`, default 2). `--skip-sources`
// leaves out the sources variant; `--v8-heap-growth` adds the compiled build with V8's own heap
// growth (grading caps it: server/cli/grade-heap-growth.ts); `--out NAME` names the results file.
// Run: npm run bench:startup   (figures: bench/results/startup.json)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerChild } from '../support/fake-server-child.js';
import { hasGnuTime, runMeasured, serveToHealthy, type MeasuredRun } from './measure-process.js';
import { writeBenchFolder } from './task-folder.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LATENCY_MS = 100;
const CASES = 200;
const CONCURRENCY = 16;
// The memory runs need many cases, not a realistic latency: a short one keeps them to seconds.
const MEMORY_LATENCY_MS = 5;
const MEMORY_CASES = [1_000, 5_000];
const MEMORY_CONCURRENCY = 32;
const TARGETS = { serveMs: 1_000, gradeMs: 2_500, rssRatio: 1.1, apiOnlyRssMiB: 150 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Variant = { name: string; root: string; env: NodeJS.ProcessEnv };

type Args = { runs: number; memoryRuns: number; baseline: string | null; skipSources: boolean; v8HeapGrowth: boolean; out: string };

function parseArgs(argv: string[]): Args {
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  return {
    runs: Number(at('--runs') ?? 5),
    memoryRuns: Number(at('--memory-runs') ?? 2),
    baseline: at('--baseline') ? path.resolve(at('--baseline')!) : null,
    skipSources: argv.includes('--skip-sources'),
    v8HeapGrowth: argv.includes('--v8-heap-growth'),
    out: at('--out') ?? 'startup.json',
  };
}

async function main() {
  const { runs, memoryRuns, baseline, skipSources, v8HeapGrowth, out } = parseArgs(process.argv.slice(2));
  const loadAverageAtStart = os.loadavg()[0];
  if (!hasGnuTime()) throw new Error('/usr/bin/time (GNU time) is needed for peak RSS: apt-get install time');
  execFileSync(process.execPath, ['bin/build.js'], { cwd: repoRoot, stdio: 'inherit' });
  // A baseline that can be compiled runs compiled, like this checkout: a before/after of the same kind.
  const baselineCompiled = baseline !== null && fs.existsSync(path.join(baseline, 'bin/build.js'));
  if (baselineCompiled) execFileSync(process.execPath, ['bin/build.js'], { cwd: baseline, stdio: 'inherit' });
  const variants: Variant[] = [
    { name: 'compiled', root: repoRoot, env: {} },
    ...(skipSources ? [] : [{ name: 'sources', root: repoRoot, env: { SANDBOX_COMPILED: '0' } }]),
    // The same build with V8's own old-generation growth instead of grading's cap (grade-heap-growth.ts).
    ...(v8HeapGrowth ? [{ name: 'compiled, V8 heap growth', root: repoRoot, env: { SANDBOX_GRADE_HEAP_GROWING_PERCENT: '0' } }] : []),
    ...(baseline ? [{ name: `baseline (${path.basename(baseline)})`, root: baseline, env: baselineCompiled ? {} : { SANDBOX_COMPILED: '0' } }] : []),
  ];
  const server = await startServerChild({ apiKey: 'bench', models: ['bench-chat'], latencyMs: LATENCY_MS });
  const fastServer = await startServerChild({ apiKey: 'bench', models: ['bench-chat'], latencyMs: MEMORY_LATENCY_MS });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const folders = {
    grade: writeBenchFolder(path.join(tmp, 'grade'), CASES, server.url),
    ...Object.fromEntries(MEMORY_CASES.map((n) => [n, writeBenchFolder(path.join(tmp, `memory-${n}`), n, fastServer.url)])),
  } as Record<string, ReturnType<typeof writeBenchFolder>>;
  let dataDirs = 0;
  const baseEnv = (variant: Variant, folder: ReturnType<typeof writeBenchFolder>): NodeJS.ProcessEnv => ({
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_'))),
    ...variant.env,
    BENCH_KEY: 'bench',
    NO_COLOR: '1',
    SANDBOX_TASKS_DIR: folder.tasksDir,
    SANDBOX_MODELS_CONFIG: folder.modelsConfig,
    // A fresh data directory each run: nothing cached.
    SANDBOX_DATA_DIR: path.join(tmp, `data-${dataDirs++}`),
  });
  const grade = async (variant: Variant, folder: ReturnType<typeof writeBenchFolder>, concurrency: number, cases: number): Promise<MeasuredRun> => {
    const result = await runMeasured(['bin/sandbox.js', 'grade', '--submission', folder.program, '--concurrency', String(concurrency)], {
      cwd: variant.root,
      env: baseEnv(variant, folder),
    });
    // The summary groups digits (1,000) since the CLI's numbers go through Intl.
    const count = cases.toLocaleString('en-US');
    if (result.code !== 0 || !result.stdout.includes(`${count} of ${count} cases right`))
      throw new Error(`${variant.name}: grade failed\n${result.stdout}\n${result.stderr}`);
    return result;
  };

  const raw = new Map(
    variants.map((v) => [
      v.name,
      {
        serveMs: [] as number[],
        gradeMs: [] as number[],
        gradeRssMiB: [] as number[],
        rssMiB: {} as Record<number, number[]>,
        cpuSeconds: {} as Record<number, number[]>,
      },
    ]),
  );
  console.log(`sandbox start-up and memory, ${runs} runs per figure (variants interleaved), ${os.cpus().length} CPUs, node ${process.version}`);
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) {
      const figures = raw.get(variant.name)!;
      figures.serveMs.push(await serveToHealthy(['bin/sandbox.js'], { cwd: variant.root, env: baseEnv(variant, folders.grade!) }));
      const graded = await grade(variant, folders.grade!, CONCURRENCY, CASES);
      figures.gradeMs.push(graded.ms);
      figures.gradeRssMiB.push(graded.maxRssMiB!);
    }
  }
  // Peak RSS of the same code moved from run to run (when V8 collects the old generation), so the
  // memory runs are repeated on their own count; CPU time is kept beside them, to see what a change
  // to memory costs in CPU.
  for (let run = 0; run < memoryRuns; run++) {
    for (const variant of variants) {
      for (const cases of MEMORY_CASES) {
        const result = await grade(variant, folders[cases]!, MEMORY_CONCURRENCY, cases);
        const figures = raw.get(variant.name)!;
        figures.rssMiB[cases] = [...(figures.rssMiB[cases] ?? []), result.maxRssMiB!];
        figures.cpuSeconds[cases] = [...(figures.cpuSeconds[cases] ?? []), result.cpuSeconds!];
      }
    }
  }
  await server.close();
  await fastServer.close();
  fs.rmSync(tmp, { recursive: true, force: true });

  const rows = variants.map((variant) => {
    const figures = raw.get(variant.name)!;
    const [small, large] = MEMORY_CASES.map((n) => median(figures.rssMiB[n]!));
    return {
      variant: variant.name,
      serveMs: median(figures.serveMs),
      gradeMs: median(figures.gradeMs),
      apiOnlyGradeRssMiB: median(figures.gradeRssMiB),
      rssMiB: { [MEMORY_CASES[0]!]: small!, [MEMORY_CASES[1]!]: large! },
      rssRatio: large! / small!,
      cpuSeconds: Object.fromEntries(MEMORY_CASES.map((n) => [n, median(figures.cpuSeconds[n]!)])),
    };
  });
  console.log('\nvariant                  | serve healthy | grade 200 @16 | grade RSS | RSS 1k  | RSS 5k  | 5k/1k | CPU 1k / 5k');
  for (const row of rows) {
    console.log(
      `${row.variant.padEnd(24)} | ${`${row.serveMs.toFixed(0)} ms`.padStart(13)} | ${`${row.gradeMs.toFixed(0)} ms`.padStart(13)} | ${`${row.apiOnlyGradeRssMiB.toFixed(0)} MiB`.padStart(9)} | ${`${row.rssMiB[1000]!.toFixed(0)} MiB`.padStart(7)} | ${`${row.rssMiB[5000]!.toFixed(0)} MiB`.padStart(7)} | ${row.rssRatio.toFixed(3)} | ${row.cpuSeconds[1000]!.toFixed(2)} / ${row.cpuSeconds[5000]!.toFixed(2)} s`,
    );
  }
  const compiled = rows[0]!;
  const checks = {
    serve: compiled.serveMs < TARGETS.serveMs,
    grade: compiled.gradeMs < TARGETS.gradeMs,
    rssRatio: compiled.rssRatio <= TARGETS.rssRatio,
    apiOnlyRss: compiled.apiOnlyGradeRssMiB < TARGETS.apiOnlyRssMiB,
  };
  console.log(
    `\nTargets (compiled): serve < ${TARGETS.serveMs} ms ${checks.serve ? 'met' : 'MISSED'}; grade < ${TARGETS.gradeMs} ms ${checks.grade ? 'met' : 'MISSED'}; ` +
      `5k/1k RSS <= ${TARGETS.rssRatio} ${checks.rssRatio ? 'met' : 'MISSED'}; API-only grade RSS < ${TARGETS.apiOnlyRssMiB} MiB ${checks.apiOnlyRss ? 'met' : 'MISSED'}`,
  );
  const results = {
    benchmark: 'startup',
    recordedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg()[0],
    },
    settings: {
      runs,
      memoryRuns,
      latencyMs: LATENCY_MS,
      cases: CASES,
      concurrency: CONCURRENCY,
      memory: { latencyMs: MEMORY_LATENCY_MS, cases: MEMORY_CASES, concurrency: MEMORY_CONCURRENCY },
    },
    targets: TARGETS,
    rows,
    checks,
    each: Object.fromEntries(raw),
  };
  fs.writeFileSync(path.join(repoRoot, 'bench/results', out), `${JSON.stringify(results, null, 2)}\n`);
  if (Object.values(checks).some((met) => !met)) process.exitCode = 1;
}

await main();
