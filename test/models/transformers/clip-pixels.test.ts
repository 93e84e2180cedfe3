// The provider's own CLIP preprocessing against the library's CLIPFeatureExtractor as the oracle:
// the same decoded pixels must give bit-identical pixel values, for the tiny model's config and
// for real CLIP configs (bicubic, CLIP mean/std, both size forms), over sizes that downscale,
// upscale, need padding, and over translucent and grey images.
import { CLIPFeatureExtractor, RawImage, type Tensor } from '@xenova/transformers';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../server/models/images/decode-image.js';
import { parseClipImageConfig, resizedSize, writePixelValues } from '../../../server/models/transformers/clip-pixels.js';

const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];
const configs: Record<string, Record<string, unknown>> = {
  'tiny-clip (lanczos, identity normalisation)': {
    do_resize: true,
    size: { shortest_edge: 32 },
    resample: 1,
    do_center_crop: true,
    crop_size: { height: 32, width: 32 },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0, 0, 0],
    image_std: [1, 1, 1],
  },
  'Xenova/clip-vit-base-patch32 (bicubic, shortest edge 224)': {
    do_resize: true,
    size: { shortest_edge: 224 },
    resample: 3,
    do_center_crop: true,
    crop_size: { height: 224, width: 224 },
    do_rescale: true,
    rescale_factor: 0.00392156862745098,
    do_normalize: true,
    image_mean: CLIP_MEAN,
    image_std: CLIP_STD,
    do_convert_rgb: true,
  },
  'older CLIP configs (size and crop_size as numbers: v2 fits the longest edge)': {
    do_resize: true,
    size: 224,
    resample: 3,
    do_center_crop: true,
    crop_size: 224,
    do_normalize: true,
    image_mean: CLIP_MEAN,
    image_std: CLIP_STD,
  },
};

/** Seeded noise, so resampling has something to get wrong. */
async function noisyImage(width: number, height: number, channels: 1 | 3 | 4, seed: number): Promise<Uint8Array> {
  let state = seed;
  const raw = Buffer.alloc(width * height * channels);
  for (let i = 0; i < raw.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    raw[i] = state >>> 24;
  }
  return sharp(raw, { raw: { width, height, channels } }).png().toBuffer();
}

const images: [string, () => Promise<Uint8Array>][] = [
  ['300x200 (downscale)', () => noisyImage(300, 200, 3, 1)],
  ['50x80 (upscale)', () => noisyImage(50, 80, 3, 2)],
  ['500x120 (very wide)', () => noisyImage(500, 120, 3, 3)],
  ['224x224 (CLIP input size: no resampling)', () => noisyImage(224, 224, 3, 4)],
  ['32x32 (tiny-clip input size: no resampling)', () => noisyImage(32, 32, 3, 7)],
  ['20x20 translucent', () => noisyImage(20, 20, 4, 5)],
  ['64x40 grey', () => noisyImage(64, 40, 1, 6)],
];

describe('CLIP pixel values', () => {
  for (const [configName, raw] of Object.entries(configs)) {
    it(`match the library's CLIPFeatureExtractor bit for bit: ${configName}`, async () => {
      const config = parseClipImageConfig(raw);
      expect(config).not.toBeNull();
      const extractor = new CLIPFeatureExtractor(raw as ConstructorParameters<typeof CLIPFeatureExtractor>[0]);
      for (const [imageName, make] of images) {
        const decoded = await decodeImage({ bytes: await make(), name: imageName });
        const { pixel_values } = (await extractor([new RawImage(decoded.data, decoded.width, decoded.height, 3)])) as { pixel_values: Tensor };
        const ours = new Float32Array(pixel_values.data.length);
        await writePixelValues(decoded, config!, ours, 0);
        const theirs = pixel_values.data as Float32Array;
        let differing = 0;
        for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) differing++;
        expect(differing, imageName).toBe(0);
        expect(pixel_values.dims).toEqual([1, 3, config!.crop.height, config!.crop.width]);
      }
    });
  }

  it("sizes images as v2's get_resize_output_image_size does", () => {
    expect(resizedSize(300, 200, { shortestEdge: 224, kernel: 'bicubic' })).toEqual([336, 224]);
    expect(resizedSize(300, 200, { shortestEdge: 224, longestEdge: 224, kernel: 'bicubic' })).toEqual([224, 149]);
    expect(resizedSize(50, 80, { shortestEdge: 32, kernel: 'lanczos' })).toEqual([32, 51]);
  });

  it('leaves configs it does not copy to the library', () => {
    const base = configs['tiny-clip (lanczos, identity normalisation)']!;
    expect(parseClipImageConfig({ ...base, do_pad: true })).toBeNull();
    expect(parseClipImageConfig({ ...base, do_center_crop: false })).toBeNull();
    expect(parseClipImageConfig({ ...base, size: { width: 32, height: 32 } })).toBeNull();
    expect(parseClipImageConfig({ ...base, image_std: 0.5 })).toBeNull();
    expect(parseClipImageConfig('not a config')).toBeNull();
  });
});
