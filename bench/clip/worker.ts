// One measured run of the CLIP benchmark in a fresh process, so its peak RSS is its own. Started by
// run.ts with the method and the workload; replies over IPC with timings, memory and top labels.
//   naive: the library's zero-shot-image-classification pipeline once per image with all 80
//          texts (classes x templates), which re-encodes every text for every image; a class
//          scores the sum of its texts' probabilities.
//   ours:  gradeProgram with the transformers CLIP provider: class embeddings from 80 texts
//          encoded once (cached), images embedded in batches of 16 (grading's default) or 32
//          (the provider's forward-pass batch).
import { pipeline } from '@xenova/transformers';
import { getEvaluator } from '../../evaluators/index.js';
import type { Task } from '../../server/core/task.js';
import { TaskConfigSchema } from '../../server/core/task.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { createTransformersEnvironment, type TransformersClipModel } from '../../server/models/transformers/index.js';
import { CLASSES, TEMPLATES, type Workload } from './workload.js';

export type Method = 'naive' | 'ours-16' | 'ours-32';

export type WorkerResult = {
  method: Method;
  loadMs: number;
  runMs: number;
  topLabels: string[];
  peakRssBytes: number;
  peakHeapBytes: number;
  textsEncoded: number | null;
};

const [method, workloadJson] = process.argv.slice(2) as [Method, string];
const workload = JSON.parse(workloadJson) as Workload;
/** Images per embedImages call: 16 is grading's default, 32 the provider's forward-pass batch. */
const IMAGE_BATCH = method === 'ours-32' ? 32 : 16;

let peakHeap = 0;
const sampleHeap = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
const sampler = setInterval(sampleHeap, 2);

async function naive(): Promise<Omit<WorkerResult, 'method' | 'peakRssBytes' | 'peakHeapBytes'>> {
  const environment = createTransformersEnvironment({ modelsDir: workload.modelsDir, offline: true });
  const loadStarted = performance.now();
  const classify = await environment.load('tiny-clip', () => pipeline('zero-shot-image-classification', 'tiny-clip'));
  const loadMs = performance.now() - loadStarted;
  const texts = CLASSES.flatMap((label) => TEMPLATES.map((template) => template.replace('{label}', label)));
  const classOf = new Map(CLASSES.flatMap((label) => TEMPLATES.map((template) => [template.replace('{label}', label), label] as const)));
  // Warm-up (untimed, other image files): JIT and sharp's threads, as for ours.
  for (const image of workload.warmUp) await classify(image.path, texts, { hypothesis_template: '{}' });
  const started = performance.now();
  const topLabels: string[] = [];
  for (const image of workload.images) {
    const results = (await classify(image.path, texts, { hypothesis_template: '{}' })) as { label: string; score: number }[];
    const byClass = new Map<string, number>();
    for (const { label, score } of results) byClass.set(classOf.get(label)!, (byClass.get(classOf.get(label)!) ?? 0) + score);
    topLabels.push([...byClass].sort((a, b) => b[1] - a[1])[0]![0]);
    sampleHeap();
  }
  return { loadMs, runMs: performance.now() - started, topLabels, textsEncoded: texts.length * workload.images.length };
}

async function ours(): Promise<Omit<WorkerResult, 'method' | 'peakRssBytes' | 'peakHeapBytes'>> {
  const config = parseModelsConfig(
    'providers:\n  local: { type: transformers, offline: true }\nmodels:\n  - { id: clip, provider: local, model: tiny-clip, kind: image-text }\n',
    'bench models.yaml',
  );
  const models = createModelRegistry({ config, env: {}, factories: providerFactories({ timeoutMs: 60_000, modelsDir: workload.modelsDir, offline: true }) });
  const clip = models.get('clip') as TransformersClipModel;
  const loadStarted = performance.now();
  await clip.ready();
  const loadMs = performance.now() - loadStarted;
  const taskConfig = TaskConfigSchema.parse({
    id: 'bench-colours',
    version: 1,
    title: 'bench',
    modality: 'image-text',
    models: ['clip'],
    fields: { input: 'image', expected: 'label', labels: CLASSES },
    evaluators: [{ name: 'top-k-accuracy', params: { k: 1 } }],
    metric: { aggregate: 'accuracy' },
    points: { baseline: 0.1, target: 0.9 },
  });
  const taskOf = (images: Workload['images']): Task => ({
    ...taskConfig,
    dir: '',
    casesDir: '',
    readme: { en: '' },
    dev: [],
    test: images.map((image, i) => ({
      id: `case-${i}`,
      split: 'test',
      inputs: { image: image.path },
      expected: image.label,
      imagePath: image.path,
      extra: {},
    })),
  });
  const labels = Object.fromEntries(CLASSES.map((label) => [label, [label]]));
  const deps = { models, getEvaluator, cache: null };
  // Warm-up (untimed): the same grading path with bare class names as the only template. None of
  // those 10 texts is one of the 80 measured ones, so the timed run still encodes all of its texts.
  await gradeProgram(taskOf(workload.warmUp), { kind: 'image-text', model: 'clip', labels, templates: ['{label}'] }, deps, {
    split: 'test',
    imageBatchSize: IMAGE_BATCH,
  });
  const before = clip.stats.textsEncoded;
  const started = performance.now();
  const report = await gradeProgram(taskOf(workload.images), { kind: 'image-text', model: 'clip', labels, templates: TEMPLATES }, deps, {
    split: 'test',
    imageBatchSize: IMAGE_BATCH,
  });
  const runMs = performance.now() - started;
  if (report.counts.errored) throw new Error(`${report.counts.errored} cases errored`);
  const textsEncoded = clip.stats.textsEncoded - before;
  if (textsEncoded !== CLASSES.length * TEMPLATES.length)
    throw new Error(`expected ${CLASSES.length * TEMPLATES.length} texts encoded in the timed run, got ${textsEncoded}`);
  return { loadMs, runMs, topLabels: report.cases.map((c) => c.predicted ?? ''), textsEncoded };
}

const result = method === 'naive' ? await naive() : await ours();
clearInterval(sampler);
sampleHeap();
const reply: WorkerResult = {
  method,
  ...result,
  // maxRSS is the process's high-water mark in KB (getrusage), whatever happened between samples.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  peakHeapBytes: peakHeap,
};
process.send?.(reply);
