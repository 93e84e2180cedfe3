// The transformers.js CLIP provider on the designed tiny-clip (real loading and inference).
// tiny-clip embeds a colour (r, g, b) in [0, 1] as (r - .5, g - .5, b - .5, .5): images by their
// mean colour, texts by the sum of their colour words; its config's logit_scale is ln 10.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidImage } from '../../../server/models/images/invalid-image.js';
import { createTransformersClipModel, createTransformersEnvironment, type TransformersClipModel } from '../../../server/models/transformers/index.js';
import { makeTinyModelsDir } from './tiny-models-dir.js';

const CORNERS: Record<string, [number, number, number]> = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
  white: [255, 255, 255],
  black: [0, 0, 0],
};
const NAMES = Object.keys(CORNERS);

async function flatPng([r, g, b]: [number, number, number], width = 32, height = 32, alpha = false): Promise<Uint8Array> {
  const background = alpha ? { r, g, b, alpha: 0.5 } : { r, g, b };
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background } })
    .png()
    .toBuffer();
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

let models: Awaited<ReturnType<typeof makeTinyModelsDir>>;
let clip: TransformersClipModel;

beforeAll(async () => {
  models = await makeTinyModelsDir();
  const environment = createTransformersEnvironment({ modelsDir: models.dir, offline: true });
  clip = createTransformersClipModel({ id: 'tiny-clip', repo: 'tiny-clip', environment, batchSize: 3 });
});
afterAll(() => models.remove());

describe('tiny CLIP', () => {
  it('embeds colour words to the designed unit vectors, alone or inside templates', async () => {
    const [red, green, templated, none] = await clip.embedTexts(['red', 'GREEN', 'a photo of a blue thing.', 'a photo of a thing']);
    expect(Array.from(red!)).toEqual([0.5, -0.5, -0.5, 0.5]);
    expect(Array.from(green!)).toEqual([-0.5, 0.5, -0.5, 0.5]);
    expect(Array.from(templated!)).toEqual([-0.5, -0.5, 0.5, 0.5]);
    // No colour word: the zero vector, cosine 0 with everything.
    expect(Array.from(none!)).toEqual([0, 0, 0, 0]);
  });

  it('picks the designed colour for flat images (zero-shot over eight labels)', async () => {
    const images = await Promise.all(NAMES.map(async (name) => ({ bytes: await flatPng(CORNERS[name]!), name: `${name}.png` })));
    const imageEmbeddings = await clip.embedImages(images);
    const labelEmbeddings = await clip.embedTexts(NAMES.map((name) => `a photo of a ${name} square`));
    imageEmbeddings.forEach((image, i) => {
      const similarities = labelEmbeddings.map((label) => dot(image, label));
      expect(NAMES[similarities.indexOf(Math.max(...similarities))]).toBe(NAMES[i]);
      expect(similarities[i]).toBeCloseTo(1, 6);
    });
  });

  it('gives the hand-computed cosines: 0.25 x (1 + channels agreeing - channels differing)', async () => {
    const [redImage] = await clip.embedImages([{ bytes: await flatPng([255, 0, 0]) }]);
    const texts = ['red', 'yellow', 'green', 'cyan', 'white', 'black', 'orange', 'red and blue', 'nothing'];
    const similarities = (await clip.embedTexts(texts)).map((text) => dot(redImage!, text));
    // orange = (.5, 0, -.5, .5) has length sqrt(.75); "red and blue" sums to (0, -1, 0, 1).
    const expected = [1, 0.5, 0, -0.5, 0, 0.5, 0.75 / Math.sqrt(0.75), 1 / Math.sqrt(2), 0];
    similarities.forEach((similarity, i) => expect(similarity).toBeCloseTo(expected[i]!, 6));
  });

  it('embeds the mean colour of any size, from a path or bytes, ignoring alpha and reading grey images', async () => {
    const path = join(models.dir, 'orange.png');
    await writeFile(path, await flatPng([255, 128, 0], 57, 13));
    const grey = await sharp({ create: { width: 5, height: 9, channels: 3, background: { r: 255, g: 255, b: 255 } } })
      .greyscale()
      .png()
      .toBuffer();
    const [orange, translucentBlue, white] = await clip.embedImages([{ path }, { bytes: await flatPng([0, 0, 255], 40, 40, true) }, { bytes: grey }]);
    const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
    unit([0.5, 128 / 255 - 0.5, -0.5, 0.5]).forEach((x, i) => expect(orange![i]).toBeCloseTo(x, 6));
    [-0.5, -0.5, 0.5, 0.5].forEach((x, i) => expect(translucentBlue![i]).toBeCloseTo(x, 6));
    [0.5, 0.5, 0.5, 0.5].forEach((x, i) => expect(white![i]).toBeCloseTo(x, 6));
  });

  it('keeps order across batches and returns nothing for no input', async () => {
    const names = ['blue', 'white', 'red', 'cyan', 'black', 'green', 'yellow'];
    const images = await Promise.all(names.map(async (name) => ({ bytes: await flatPng(CORNERS[name]!) })));
    const embeddings = await clip.embedImages(images);
    const labels = await clip.embedTexts(names);
    embeddings.forEach((embedding, i) => expect(dot(embedding, labels[i]!)).toBeCloseTo(1, 6));
    expect(await clip.embedTexts([])).toEqual([]);
    expect(await clip.embedImages([])).toEqual([]);
  });

  it("takes logitScale from the config's logit_scale (exp(ln 10) = 10) before and after loading", async () => {
    const environment = createTransformersEnvironment({ modelsDir: models.dir, offline: true });
    const fresh = createTransformersClipModel({ id: 'tiny-clip', repo: 'tiny-clip', environment });
    expect(fresh.logitScale).toBeCloseTo(10, 12);
    await fresh.ready();
    expect(fresh.logitScale).toBeCloseTo(10, 12);
    // Zero-shot probabilities as graders compute them: softmax(10 x cosine) over red, green, blue.
    const [red] = await fresh.embedImages([{ bytes: await flatPng([255, 0, 0]) }]);
    const logits = (await fresh.embedTexts(['red', 'green', 'blue'])).map((t) => fresh.logitScale * dot(red!, t));
    const probabilities = logits.map((l) => Math.exp(l) / logits.reduce((s, x) => s + Math.exp(x), 0));
    expect(probabilities[0]).toBeCloseTo(Math.exp(10) / (Math.exp(10) + 2), 6);
    expect(fresh.fingerprint).toBe('transformers:tiny-clip:quantized');
  });

  it('fails clearly, without retries, on an image it cannot read', async () => {
    const missing = clip.embedImages([{ path: join(models.dir, 'no-such.png') }]);
    await expect(missing).rejects.toThrow(InvalidImage);
    await expect(missing).rejects.toThrow('cannot read image no-such.png: the file does not exist');
    await expect(clip.embedImages([{ bytes: new Uint8Array([1, 2, 3]), name: 'junk.png' }])).rejects.toThrow(
      'image junk.png is not a PNG, JPEG, WebP or GIF image',
    );
  });
});
