// The CLIP provider's text-embedding cache, counted at the text tower of the real provider
// (tiny-clip through transformers.js): grading N images against K classes x T templates encodes
// the K x T texts once, and a second run encodes none.
import { describe, expect, it, beforeAll } from 'vitest';
import { getEvaluator } from '../../../evaluators/index.js';
import { gradeProgram } from '../../../server/grading/grade-program.js';
import { createTransformersClipModel, createTransformersEnvironment, type TransformersClipModel } from '../../../server/models/transformers/index.js';
import { coloursProgram, loadLocalTask } from '../../support/local-tasks.js';
import { prepareTinyModels, type TinyModels } from '../../support/tiny-models.js';

let tiny: TinyModels;
beforeAll(async () => {
  tiny = await prepareTinyModels();
});

const fresh = (options: { textCacheSize?: number; batchSize?: number } = {}) =>
  createTransformersClipModel({
    id: 'clip',
    repo: 'tiny-clip',
    environment: createTransformersEnvironment({ modelsDir: tiny.modelsDir, offline: true }),
    ...options,
  });

describe('text-embedding cache', () => {
  it('grading 6 images x 5 classes x 3 templates encodes 15 texts once; the second run encodes none', async () => {
    const colours = loadLocalTask('colours');
    const models = tiny.registry();
    const clip = models.get('clip-vit-base-patch32') as TransformersClipModel;
    const program = coloursProgram(['a photo of a {label} thing.', 'a {label} square', 'the colour {label}']);
    const deps = { models, getEvaluator, cache: null };

    const first = await gradeProgram(colours, program, deps, { split: 'dev' });
    expect(first.counts.correct).toBe(5);
    expect(clip.stats).toEqual({ textsEncoded: 15, textBatches: 1, textCacheHits: 0, imagesEncoded: 6, imageBatches: 1 });

    const second = await gradeProgram(colours, program, deps, { split: 'dev' });
    expect(second.cases.map((c) => c.predicted)).toEqual(first.cases.map((c) => c.predicted));
    expect(clip.stats).toEqual({ textsEncoded: 15, textBatches: 1, textCacheHits: 15, imagesEncoded: 12, imageBatches: 2 });

    // One more template: only its 5 new texts reach the tower.
    await gradeProgram(colours, coloursProgram([...program.templates, '{label}']), deps, { split: 'dev' });
    expect(clip.stats).toMatchObject({ textsEncoded: 20, textBatches: 2, textCacheHits: 30 });
  });

  it('encodes a text repeated within a call, or asked for by concurrent calls, once', async () => {
    const clip = fresh();
    const [a, b] = await Promise.all([clip.embedTexts(['red', 'blue', 'red']), clip.embedTexts(['blue', 'red', 'green'])]);
    expect(Array.from(a[0]!)).toEqual(Array.from(a[2]!));
    expect(Array.from(b[1]!)).toEqual([0.5, -0.5, -0.5, 0.5]);
    expect(clip.stats).toMatchObject({ textsEncoded: 3, textCacheHits: 3 });
  });

  it('is bounded: the least recently used text is forgotten first', async () => {
    const clip = fresh({ textCacheSize: 2 });
    await clip.embedTexts(['red']);
    await clip.embedTexts(['green']);
    await clip.embedTexts(['red']); // hit: red is now the most recent
    await clip.embedTexts(['blue']); // evicts green
    expect(clip.stats).toMatchObject({ textsEncoded: 3, textCacheHits: 1 });
    await clip.embedTexts(['red', 'blue']);
    expect(clip.stats).toMatchObject({ textsEncoded: 3, textCacheHits: 3 });
    await clip.embedTexts(['green']);
    expect(clip.stats).toMatchObject({ textsEncoded: 4 });
  });

  it('hands out copies, so a caller editing its result cannot corrupt the cache', async () => {
    const clip = fresh();
    const [red] = await clip.embedTexts(['red']);
    red!.fill(0);
    expect(Array.from((await clip.embedTexts(['red']))[0]!)).toEqual([0.5, -0.5, -0.5, 0.5]);
  });
});
