// Image-text grading end to end in-process: gradeProgram -> registry (models.tiny.yaml) -> the
// transformers.js CLIP provider (real loading and inference on tiny-clip) -> evaluators -> report.
// tiny-clip embeds colour c = (r, g, b) as v(c) = (r - .5, g - .5, b - .5, .5), images by their mean
// colour and texts by the sum of their colour words, logit scale 10.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import { ConfigError } from '../../server/core/errors.js';
import type { ImageTextModel } from '../../server/core/model.js';
import type { ImageTextProgram } from '../../server/core/prompt-program.js';
import { classifyEmbedding, prepareClassifier } from '../../server/grading/execute-image-text.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { createModelCaller } from '../../server/grading/model-caller.js';
import { defaultRetryPolicy, realRetryDeps } from '../../server/grading/retry.js';
import { loadModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { TINY_CLIP_COLOURS, colourVector } from '../../testkit/tiny-models/tiny-clip.js';
import { coloursProgram, loadLocalTask } from '../support/local-tasks.js';
import { prepareTinyModels, type TinyModels } from '../support/tiny-models.js';

let tiny: TinyModels;
beforeAll(async () => {
  tiny = await prepareTinyModels();
});

const colours = loadLocalTask('colours');
const search = loadLocalTask('colour-search');
const deps = () => ({ models: tiny.registry(), getEvaluator, cache: null });

// Hand computation, independent of server/grading/clip-math.ts.
const unit = (v: number[]) => {
  const norm = Math.hypot(...v);
  return norm === 0 ? v.map(() => 0) : v.map((x) => x / norm);
};
const add = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!);
const dotProduct = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, x, i) => sum + x * b[i]!, 0);
/** What the text tower returns for a text: the unit sum of its colour words' vectors. */
const textEmbedding = (text: string) =>
  unit(
    text
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((word) => word in TINY_CLIP_COLOURS)
      .map((word) => colourVector(TINY_CLIP_COLOURS[word]!))
      .reduce(add, [0, 0, 0, 0]),
  );
const rgb = (r: number, g: number, b: number) => unit(colourVector([r / 255, g / 255, b / 255]));

describe('CLIP zero-shot through gradeProgram', () => {
  it('picks the designed label for every image (dev: 5 of 6, the mislabelled sky image missed)', async () => {
    const report = await gradeProgram(colours, coloursProgram(['a photo of a {label} thing.']), deps(), { split: 'dev' });
    expect(report.cases.map((c) => `${c.caseId}:${c.predicted}:${c.score}`)).toEqual([
      'dev-red:red:1',
      'dev-green:green:1',
      'dev-blue:blue:1',
      'dev-yellow:yellow:1',
      'dev-white:white:1',
      'dev-sky:blue:0',
    ]);
    expect(report.metric).toBeCloseTo(5 / 6, 12);
    expect(report.counts).toEqual({ total: 6, errored: 0, correct: 5 });
    // The sky image (0, 200, 255): cosine .608 with blue, .392 with green and white (a tie), -.108
    // with yellow, -.392 with red.
    const ranking = report.cases[5]!.ranking!;
    expect(ranking[0]).toBe('blue');
    expect(ranking.slice(1, 3).sort()).toEqual(['green', 'white']);
    expect(ranking.slice(3)).toEqual(['yellow', 'red']);
  });

  it('ensembles templates as the normalised mean of unit template embeddings (hand computation)', async () => {
    // Templates that add other colour words, so each template moves the class embedding differently.
    const templates = ['a {label} square', 'a {label} and white square', '{label} or black'];
    const program = coloursProgram(templates) as unknown as ImageTextProgram;
    const model = tiny.registry().get('clip-vit-base-patch32') as ImageTextModel;
    const caller = createModelCaller({ cache: null, timeoutMs: 5000, retry: defaultRetryPolicy, retryDeps: realRetryDeps });
    const labels = colours.fields.labels!;
    const classifier = await prepareClassifier(program, labels, model, caller);

    const handClasses = labels.map((label) => unit(templates.map((t) => textEmbedding(t.replace('{label}', label))).reduce(add, [0, 0, 0, 0])));
    // e.g. red: unit(v(red) + unit(v(red) + v(white)) + unit(v(red) + v(black)))
    const red = unit(add(add([0.5, -0.5, -0.5, 0.5], unit([1, 0, 0, 1])), unit([0, -1, -1, 1])));
    handClasses[0]!.forEach((x, i) => expect(x).toBeCloseTo(red[i]!, 12));
    classifier.classEmbeddings.forEach((embedding, c) => handClasses[c]!.forEach((x, i) => expect(embedding[i]).toBeCloseTo(x, 6)));

    // Zero-shot probabilities for the sky image: softmax over classes of 10 x cosine.
    const sky = rgb(0, 200, 255);
    const logits = handClasses.map((embedding) => 10 * dotProduct(sky, embedding));
    const z = logits.reduce((sum, l) => sum + Math.exp(l), 0);
    const hand = Object.fromEntries(labels.map((label, c) => [label, Math.exp(logits[c]!) / z]));
    const [skyEmbedding] = await model.embedImages([{ path: path.join(colours.dir, 'images', 'sky.png') }]);
    const outcome = classifyEmbedding(skyEmbedding!, classifier, model.logitScale);
    for (const label of labels) expect(outcome.probabilities![label]).toBeCloseTo(hand[label]!, 5);

    // The same numbers reach the report (top three, as percentages).
    const report = await gradeProgram(colours, coloursProgram(templates), deps(), { split: 'dev' });
    const top3 = Object.entries(hand)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    expect(report.cases.find((c) => c.caseId === 'dev-sky')!.rawOutput).toBe(top3.map(([label, p]) => `${label} ${(p * 100).toFixed(1)}%`).join(', '));
  });
});

describe('bad images in a grading run', () => {
  it('records truncated, non-image and oversized images as errored cases; the others still score', async () => {
    const report = await gradeProgram(colours, coloursProgram(['a photo of a {label} thing.']), deps(), { split: 'test', imageBatchSize: 4 });
    const byId = Object.fromEntries(report.cases.map((c) => [c.caseId, c]));
    // libvips words its own detail differently from run to run ("end of stream", "Unknown error"):
    // the part we write is what must hold.
    expect(byId['test-truncated']!.error).toMatch(/^image truncated\.png could not be decoded: the PNG data is truncated or corrupt \(.+\)$/);
    expect(byId['test-notes']!.error).toBe('image notes.png is not a PNG, JPEG, WebP or GIF image (its contents are not in any of these formats)');
    expect(byId['test-huge']!.error).toBe('image huge.png is 6000x5000 (30 megapixels); the limit is 25 megapixels per image (maxImagePixels)');
    for (const id of ['test-truncated', 'test-notes', 'test-huge']) {
      // Not retried: the same bytes fail the same way.
      expect(byId[id]).toMatchObject({ score: null, attempts: 1, output: '' });
    }
    const scored = report.cases.filter((c) => !c.error);
    expect(scored.map((c) => `${c.caseId}:${c.predicted}`)).toEqual([
      'test-red:red',
      'test-green:green',
      'test-blue:blue',
      'test-yellow:yellow',
      'test-white:white',
      'test-green-gif:green',
      'test-red-jpeg:red',
      'test-sky:blue',
    ]);
    expect(report.counts).toEqual({ total: 11, errored: 3, correct: 8 });
    expect(report.metric).toBeCloseTo(8 / 11, 12);
    // Hidden cases carry no input in the report.
    expect(report.cases.every((c) => c.hidden && c.input === '')).toBe(true);
  });
});

describe('retrieval (mode: retrieve)', () => {
  it('ranks the gallery by cosine and scores recall@1 exactly', async () => {
    const program = { kind: 'image-text', task: 'colour-search', model: 'clip-vit-base-patch32', templates: ['a photo of a {label} thing.'] };
    const dev = await gradeProgram(search, program, deps(), { split: 'dev' });
    // red: cosine .5 with yellow, 0 with green; green: .5 with yellow, 0 with red.
    expect(dev.cases[0]!.ranking).toEqual(['red.png', 'yellow.png', 'green.png']);
    expect(dev.cases[1]!.ranking).toEqual(['green.png', 'yellow.png', 'red.png']);
    // orange = unit(.5, 0, -.5, .5): cosine 0.866 with red and yellow (a tie), 0.289 with green.
    expect(dev.cases[2]!.ranking!.slice(0, 2).sort()).toEqual(['red.png', 'yellow.png']);
    expect(dev.cases[2]!.ranking![2]).toBe('green.png');
    expect(dev.cases.map((c) => c.score)).toEqual([1, 1, 0.5]);
    expect(dev.metric).toBeCloseTo(2.5 / 3, 12);

    const test = await gradeProgram(search, program, deps(), { split: 'test' });
    // black = (-.5, -.5, -.5, .5): cosine .5 with blue, 0 with yellow, -.5 with white.
    expect(test.cases.map((c) => c.ranking)).toEqual([
      ['blue.png', 'white.png', 'yellow.png'],
      ['white.png', 'yellow.png', 'blue.png'],
      ['yellow.png', 'white.png', 'blue.png'],
      ['blue.png', 'yellow.png', 'white.png'],
    ]);
    expect(test.metric).toBe(0.75);
  });

  it('scores recall@k for larger k on the same rankings', async () => {
    const program = { kind: 'image-text', task: 'colour-search', model: 'clip-vit-base-patch32', templates: ['{label}'] };
    const withK = (k: number) => ({ ...search, evaluators: [{ name: 'recall-at-k', label: `recall@${k}`, params: { k }, weight: 1 }] });
    expect((await gradeProgram(withK(2), program, deps(), { split: 'dev' })).metric).toBe(1);
    expect((await gradeProgram(withK(2), program, deps(), { split: 'test' })).metric).toBe(0.75);
    const test3 = await gradeProgram(withK(3), program, deps(), { split: 'test' });
    expect(test3.metric).toBe(1);
    expect(test3.cases[3]!.scores[0]!.details).toMatchObject({ firstRelevantRank: 3, k: 3 });
  });
});

describe('a local model that is not there', () => {
  let emptyDir: string;
  beforeAll(() => {
    emptyDir = mkdtempSync(path.join(tmpdir(), 'no-models-'));
  });
  afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

  it('fails the run within a second offline, before any case, with the documented message', async () => {
    const models = createModelRegistry({
      config: loadModelsConfig(tiny.modelsConfigPath),
      env: {},
      factories: providerFactories({ timeoutMs: 5000, modelsDir: emptyDir, offline: true }),
    });
    const started = performance.now();
    const error = await gradeProgram(colours, coloursProgram(['{label}']), { models, getEvaluator, cache: null }, { split: 'dev' }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `model tiny-clip is not in ${emptyDir}; run \`sandbox models pull tiny-clip\` on a machine that reaches the Hugging Face Hub, or copy the model folder there`,
    );
  });
});
