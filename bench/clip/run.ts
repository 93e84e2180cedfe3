// CLIP zero-shot: the naive way (the library's pipeline per image, re-encoding all class texts)
// against ours (text embeddings encoded once and cached, images in batches), on the tiny CLIP
// model: 200 images x 10 classes x 8 templates. Each measured run is a fresh process, so its peak
// RSS is its own. Run: npm run bench:clip   (figures go to bench/results/clip.json)
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTinyModels } from '../../testkit/tiny-models/generate.js';
import type { Method, WorkerResult } from './worker.js';
import { CLASSES, IMAGES, MODEL_INPUT_SIZE, TEMPLATES, writeImages, type Workload } from './workload.js';

const REPEATS = 7;
/** Classified by each method before timing starts: steady-state throughput, not start-up, is measured. */
const WARM_UP_IMAGES = 100;
const TARGET_SPEEDUP = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

function runWorker(method: Method, workload: Workload): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'worker.ts'), [method, JSON.stringify(workload)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: WorkerResult | undefined;
    child.on('message', (message) => (result = message as WorkerResult));
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${method} worker exited with ${code}`))));
  });
}

const METHODS: Method[] = ['naive', 'ours-16', 'ours-32'];
/** The headline: ours with the provider's own batch size. */
const HEADLINE: Method = 'ours-32';

type Summary = {
  method: Method;
  medianRunMs: number;
  medianLoadMs: number;
  runsMs: number[];
  textsEncoded: number | null;
  medianPeakRssBytes: number;
  peakRssBytes: number;
  peakHeapBytes: number;
};

async function measure(workload: Workload): Promise<{ methods: Summary[]; speedups: Record<string, number>; sameTopLabels: boolean; accuracy: number }> {
  const runs = Object.fromEntries(METHODS.map((method) => [method, [] as WorkerResult[]])) as Record<Method, WorkerResult[]>;
  // Interleaved, so every method sees the same background load on a shared machine.
  for (let r = 0; r < REPEATS; r++) {
    for (const method of METHODS) runs[method].push(await runWorker(method, workload));
  }
  const methods = METHODS.map((method): Summary => {
    const results = runs[method];
    return {
      method,
      medianRunMs: median(results.map((r) => r.runMs)),
      medianLoadMs: median(results.map((r) => r.loadMs)),
      runsMs: results.map((r) => Math.round(r.runMs * 10) / 10),
      textsEncoded: results[0]!.textsEncoded,
      medianPeakRssBytes: median(results.map((r) => r.peakRssBytes)),
      peakRssBytes: Math.max(...results.map((r) => r.peakRssBytes)),
      peakHeapBytes: Math.max(...results.map((r) => r.peakHeapBytes)),
    };
  });
  const reference = runs.naive[0]!.topLabels;
  const sameTopLabels = METHODS.flatMap((method) => runs[method]).every(
    (run) => run.topLabels.length === IMAGES && run.topLabels.every((label, i) => label === reference[i]),
  );
  const accuracy = reference.filter((label, i) => label === workload.images[i]!.label).length / IMAGES;
  const naiveMs = methods[0]!.medianRunMs;
  const speedups = Object.fromEntries(methods.slice(1).map((m) => [m.method, naiveMs / m.medianRunMs]));
  return { methods, speedups, sameTopLabels, accuracy };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-clip-'));
  try {
    await generateTinyModels(dir);
    console.log(
      `CLIP zero-shot on tiny-clip: ${IMAGES} images x ${CLASSES.length} classes x ${TEMPLATES.length} templates; median of ${REPEATS} fresh processes per method (${os.cpus().length} CPUs)`,
    );
    const configurations = [];
    for (const [name, size] of [
      ['at the model input size', MODEL_INPUT_SIZE],
      ['resized by the preprocessor', 96],
    ] as const) {
      const workload: Workload = {
        modelsDir: dir,
        images: await writeImages(dir, `images-${size}`, size, IMAGES, 42),
        warmUp: await writeImages(dir, `warm-up-${size}`, size, WARM_UP_IMAGES, 7),
      };
      const result = await measure(workload);
      configurations.push({ name, imageSize: size, ...result });
      console.log(`\n${size}x${size} PNG images (${name})`);
      console.log('method  | median run (ms) | per image (ms) | texts encoded | peak RSS (MB, median / max) | peak heap (MB)');
      for (const row of result.methods) {
        console.log(
          `${row.method.padEnd(7)} | ${row.medianRunMs.toFixed(1).padStart(15)} | ${(row.medianRunMs / IMAGES).toFixed(2).padStart(14)} | ${String(row.textsEncoded).padStart(13)} | ${`${mb(row.medianPeakRssBytes)} / ${mb(row.peakRssBytes)}`.padStart(27)} | ${mb(row.peakHeapBytes).padStart(14)}`,
        );
      }
      console.log(
        `speedup over naive: ${Object.entries(result.speedups)
          .map(([method, x]) => `${method} ${x.toFixed(1)}x`)
          .join(
            ', ',
          )}; same top label for all ${IMAGES} images in every run: ${result.sameTopLabels ? 'yes' : 'NO'}; accuracy vs the colour before jitter: ${(result.accuracy * 100).toFixed(1)}%`,
      );
    }
    const headline = configurations[0]!.speedups[HEADLINE]!;
    console.log(`\ntarget: ${TARGET_SPEEDUP}x for ${HEADLINE} at the model input size; measured ${headline.toFixed(1)}x`);

    const results = {
      benchmark: 'clip',
      recordedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${process.platform} ${process.arch}` },
      workload: { images: IMAGES, classes: CLASSES.length, templates: TEMPLATES.length, repeats: REPEATS },
      targetSpeedup: TARGET_SPEEDUP,
      configurations,
    };
    const out = path.join(import.meta.dirname, '..', 'results', 'clip.json');
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
    if (configurations.some((c) => !c.sameTopLabels)) throw new Error('the two methods disagree on some top label');
    if (headline < TARGET_SPEEDUP) throw new Error(`speedup ${headline.toFixed(1)}x is under the ${TARGET_SPEEDUP}x target`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
