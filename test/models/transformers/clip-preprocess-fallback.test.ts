// A CLIP whose preprocessor_config.json asks for something clip-pixels does not reproduce (here a
// fixed width x height resize without a center crop) is preprocessed by the library's own
// processor instead, and embeds the same images to the same vectors as the fast path.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformersClipModel, createTransformersEnvironment } from '../../../server/models/transformers/index.js';
import { parseClipImageConfig } from '../../../server/models/transformers/clip-pixels.js';
import { prepareTinyModels } from '../../support/tiny-models.js';

let dir: string;
beforeAll(async () => {
  const tiny = await prepareTinyModels();
  dir = mkdtempSync(path.join(tmpdir(), 'clip-fallback-'));
  cpSync(path.join(tiny.modelsDir, 'tiny-clip'), path.join(dir, 'tiny-clip'), { recursive: true });
  cpSync(path.join(tiny.modelsDir, 'tiny-clip'), path.join(dir, 'tiny-clip-fixed-size'), { recursive: true });
  const file = path.join(dir, 'tiny-clip-fixed-size', 'preprocessor_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...config, size: { width: 32, height: 32 }, do_center_crop: false }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLIP preprocessing fallback', () => {
  it("uses the library's processor for configs clip-pixels leaves to it, with the same embeddings", async () => {
    expect(parseClipImageConfig(JSON.parse(readFileSync(path.join(dir, 'tiny-clip-fixed-size', 'preprocessor_config.json'), 'utf8')))).toBeNull();
    const environment = createTransformersEnvironment({ modelsDir: dir, offline: true });
    const fast = createTransformersClipModel({ id: 'fast', repo: 'tiny-clip', environment });
    const library = createTransformersClipModel({ id: 'library', repo: 'tiny-clip-fixed-size', environment });
    const images = await Promise.all(
      [
        [255, 0, 0],
        [0, 200, 255],
        [40, 40, 40],
      ].map(async ([r, g, b]) => ({
        bytes: await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: r!, g: g!, b: b! } } })
          .png()
          .toBuffer(),
      })),
    );
    const [fastEmbeddings, libraryEmbeddings] = [await fast.embedImages(images), await library.embedImages(images)];
    libraryEmbeddings.forEach((embedding, i) => embedding.forEach((x, j) => expect(x).toBeCloseTo(fastEmbeddings[i]![j]!, 6)));
    expect(Array.from(fastEmbeddings[0]!)).toEqual([0.5, -0.5, -0.5, 0.5]);
    // Bad images are refused the same way on both paths.
    await expect(library.embedImages([{ bytes: new TextEncoder().encode('not an image'), name: 'x.png' }])).rejects.toThrow(
      'image x.png is not a PNG, JPEG, WebP or GIF image',
    );
  });
});
