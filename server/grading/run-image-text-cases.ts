// Image-text cases run in batches: the class (or query) texts are embedded once per run, images
// a batch at a time. A batch that fails for good is retried image by image, so one bad image
// (truncated, not an image, too large) errors only its own case.
import { Cancelled, ModelUnavailable } from '../core/errors.js';
import type { ImageTextModel } from '../core/model.js';
import type { ImageTextProgram } from '../core/prompt-program.js';
import type { Task, TaskCase } from '../core/task.js';
import type { CaseRun } from './case-outcome.js';
import { classifyEmbedding, embedImagePaths, prepareClassifier, rankGallery } from './execute-image-text.js';
import type { ModelCaller } from './model-caller.js';
import { runPool } from './run-pool.js';
import { caseErrorFields } from './case-error-text.js';

export type ImageRunOptions = { batchSize: number; concurrency: number; now: () => number; onCase: (run: CaseRun) => void };

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function runImageTextCases(
  program: ImageTextProgram,
  task: Task,
  cases: TaskCase[],
  model: ImageTextModel,
  caller: ModelCaller,
  options: ImageRunOptions,
): Promise<CaseRun[]> {
  if (task.mode === 'retrieve') return runRetrieval(program, task, cases, model, caller, options);
  const labels = task.fields.labels ?? Object.keys(program.labels);
  const classifier = await prepareClassifier(program, labels, model, caller);
  const inputOf = (testCase: TaskCase) => (testCase.split === 'dev' ? (Object.values(testCase.inputs)[0] ?? '') : '');

  const batches = chunk(cases, options.batchSize);
  const results = await runPool(batches, options.concurrency, async (batch) => {
    const started = options.now();
    const embedOne = async (testCase: TaskCase): Promise<CaseRun> => {
      try {
        const { value, attempts } = await embedImagePaths(model, caller, [testCase.imagePath ?? '']);
        const outcome = { ...classifyEmbedding(value[0]!, classifier, model.logitScale), attempts, cacheHit: false };
        return { testCase, input: inputOf(testCase), outcome, attempts, latencyMs: options.now() - started };
      } catch (error) {
        // A model that cannot be used at all fails the run, not each case (see grade-program.ts).
        if (error instanceof Cancelled || error instanceof ModelUnavailable) throw error;
        return {
          testCase,
          input: inputOf(testCase),
          ...caseErrorFields(error),
          attempts: (error as { attempts?: number }).attempts ?? 1,
          latencyMs: options.now() - started,
        };
      }
    };
    let runs: CaseRun[];
    try {
      const { value, attempts } = await embedImagePaths(
        model,
        caller,
        batch.map((c) => c.imagePath ?? ''),
      );
      runs = batch.map((testCase, index) => ({
        testCase,
        input: inputOf(testCase),
        outcome: { ...classifyEmbedding(value[index]!, classifier, model.logitScale), attempts, cacheHit: false },
        attempts,
        latencyMs: options.now() - started,
      }));
    } catch (error) {
      // A model that cannot be used at all fails the run, not each case (see grade-program.ts).
      if (error instanceof Cancelled || error instanceof ModelUnavailable) throw error;
      runs = [];
      for (const testCase of batch) runs.push(await embedOne(testCase));
    }
    runs.forEach(options.onCase);
    return runs;
  });
  return results.flat();
}

/** Retrieval: each case's text query ranks the gallery of every image the split's cases expect. */
async function runRetrieval(
  program: ImageTextProgram,
  task: Task,
  cases: TaskCase[],
  model: ImageTextModel,
  caller: ModelCaller,
  options: ImageRunOptions,
): Promise<CaseRun[]> {
  const started = options.now();
  const expectedIds = (testCase: TaskCase) => (Array.isArray(testCase.expected) ? testCase.expected.map(String) : [String(testCase.expected)]);
  const galleryIds = [...new Set(cases.flatMap(expectedIds))].sort();
  const galleryPaths = galleryIds.map((id) => `${task.casesDir}/images/${id}`);
  try {
    const embedded = await runPool(chunk(galleryPaths, options.batchSize), options.concurrency, (paths) => embedImagePaths(model, caller, paths));
    const gallery = embedded.flatMap((batch) => batch.value).map((embedding, index) => ({ id: galleryIds[index]!, embedding }));
    const queries = cases.map((testCase) => Object.values(testCase.inputs)[0] ?? '');
    const outcomes = await rankGallery(program, queries, gallery, model, caller);
    return cases.map((testCase, index) => {
      const run: CaseRun = {
        testCase,
        input: testCase.split === 'dev' ? queries[index]! : '',
        outcome: { ...outcomes[index]!, attempts: 1, cacheHit: false },
        attempts: 1,
        latencyMs: options.now() - started,
      };
      options.onCase(run);
      return run;
    });
  } catch (error) {
    // A model that cannot be used at all fails the run, not each case (see grade-program.ts).
    if (error instanceof Cancelled || error instanceof ModelUnavailable) throw error;
    // Without the gallery no query can be ranked: every case errors with the same reason.
    return cases.map((testCase) => {
      const run: CaseRun = { testCase, input: '', ...caseErrorFields(error), attempts: 1, latencyMs: options.now() - started };
      options.onCase(run);
      return run;
    });
  }
}
