// CLIP image preprocessing without the library's per-image detours, producing exactly the pixel
// values of its ImageFeatureExtractor (v2.17.2) for CLIP-style configs: the same size rule, the
// same sharp resize call, the same crop offsets and the same float32 arithmetic. The library runs
// every image through sharp three times (resize, then crop, each followed by a metadata read),
// copies it into a float array, loops over it twice and permutes it with a generic tensor
// permute; here one sharp resize is followed by one loop that crops, rescales, normalises and
// writes channel-first straight into the batch tensor. Configs with features this does not copy
// (no center crop, thumbnail, padding, size divisibility, channel flips, margin crops) return null from
// `parseClipImageConfig`, and the provider then uses the library's processor.
import { loadSharp } from '../local-stack.js';
import { z } from 'zod';
import type { DecodedImage } from '../images/decode-image.js';

const SizeSchema = z.union([
  z.number().int().positive(),
  z.object({ shortest_edge: z.number().int().positive().optional(), longest_edge: z.number().int().positive().optional() }).loose(),
]);

const ConfigSchema = z
  .object({
    do_resize: z.boolean().optional(),
    size: SizeSchema.optional(),
    max_size: z.number().int().positive().optional(),
    resample: z.number().int().min(0).max(5).optional(),
    do_center_crop: z.boolean().optional(),
    crop_size: z.union([z.number().int().positive(), z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).loose()]).optional(),
    do_rescale: z.boolean().optional(),
    rescale_factor: z.number().optional(),
    do_normalize: z.boolean().optional(),
    image_mean: z.union([z.number(), z.array(z.number()).length(3)]).optional(),
    image_std: z.union([z.number(), z.array(z.number()).length(3)]).optional(),
    mean: z.union([z.number(), z.array(z.number()).length(3)]).optional(),
    std: z.union([z.number(), z.array(z.number()).length(3)]).optional(),
  })
  .loose();

export type ClipImageConfig = {
  resize: { shortestEdge?: number; longestEdge?: number; kernel: 'nearest' | 'bilinear' | 'bicubic' | 'lanczos' } | null;
  /** Every image ends at this size, so a batch shares one tensor (configs without a crop use the library). */
  crop: { width: number; height: number };
  rescale: number | null;
  normalize: { mean: [number, number, number]; std: [number, number, number] } | null;
};

const KERNELS = ['nearest', 'lanczos', 'bilinear', 'bicubic', 'bilinear', 'bilinear'] as const; // box, hamming -> bilinear, as the library does

/** The preprocessing a CLIP preprocessor_config.json asks for, or null when only the library's processor can do it. */
export function parseClipImageConfig(raw: unknown): ClipImageConfig | null {
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) return null;
  const c = parsed.data as z.infer<typeof ConfigSchema> & Record<string, unknown>;
  const unsupported = ['do_thumbnail', 'do_pad', 'size_divisibility', 'size_divisor', 'do_flip_channel_order', 'do_crop_margin'];
  if (unsupported.some((key) => c[key] !== undefined && c[key] !== false && c[key] !== null)) return null;
  if (c.do_convert_rgb === false) return null;

  let resize: ClipImageConfig['resize'] = null;
  if (c.do_resize) {
    const kernel = KERNELS[c.resample ?? 2]!;
    if (typeof c.size === 'number') resize = { shortestEdge: c.size, longestEdge: c.max_size ?? c.size, kernel };
    else if (c.size && (c.size.shortest_edge !== undefined || c.size.longest_edge !== undefined)) {
      resize = {
        ...(c.size.shortest_edge ? { shortestEdge: c.size.shortest_edge } : {}),
        ...(c.size.longest_edge ? { longestEdge: c.size.longest_edge } : {}),
        kernel,
      };
    } else return null; // width/height sizes and other forms: the library's path
  }
  if (!c.do_center_crop || c.crop_size === undefined) return null;
  const crop = typeof c.crop_size === 'number' ? { width: c.crop_size, height: c.crop_size } : { width: c.crop_size.width, height: c.crop_size.height };
  let normalize: ClipImageConfig['normalize'] = null;
  if (c.do_normalize) {
    const mean = c.image_mean ?? c.mean;
    const std = c.image_std ?? c.std;
    if (mean === undefined || std === undefined) return null;
    // A scalar std is filled with the *mean* by the library (a quirk we do not copy): leave such configs to it.
    if (!Array.isArray(std)) return null;
    normalize = { mean: (Array.isArray(mean) ? mean : [mean, mean, mean]) as [number, number, number], std: std as [number, number, number] };
  }
  return { resize, crop, rescale: c.do_rescale === false ? null : (c.rescale_factor ?? 1 / 255), normalize };
}

/** ImageFeatureExtractor.get_resize_output_image_size for shortest/longest-edge sizes. */
export function resizedSize(width: number, height: number, resize: NonNullable<ClipImageConfig['resize']>): [number, number] {
  const short = resize.shortestEdge === undefined ? 1 : Math.max(resize.shortestEdge / width, resize.shortestEdge / height);
  const newWidth = width * short;
  const newHeight = height * short;
  const long = resize.longestEdge === undefined ? 1 : Math.min(resize.longestEdge / newWidth, resize.longestEdge / newHeight);
  // The library rounds to 2 decimals before flooring, "to avoid floating point precision issues".
  return [Math.floor(Number((newWidth * long).toFixed(2))), Math.floor(Number((newHeight * long).toFixed(2)))];
}

/** RawImage.resize in Node: the same sharp call on the same raw RGB pixels. */
async function resizeImage(
  image: DecodedImage,
  resize: NonNullable<ClipImageConfig['resize']>,
): Promise<{ data: Uint8Array | Uint8ClampedArray; width: number; height: number }> {
  const [width, height] = resizedSize(image.width, image.height, resize);
  // Resampling to the same size gives back the same pixels (the oracle test checks it), so an
  // image already at the model's input size skips a sharp pass.
  if (width === image.width && height === image.height) return image;
  const sharp = await loadSharp();
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  pipeline =
    resize.kernel === 'lanczos'
      ? pipeline.resize({ width, height, fit: 'fill', kernel: 'lanczos3' })
      : pipeline.affine([width / image.width, 0, 0, height / image.height], { interpolator: resize.kernel });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Resizes one decoded image and writes its [3, H, W] pixel values at `offset` of `target`.
 * Center crop as RawImage.center_crop: per axis, start at floor(offset) inside the image, or pad
 * floor(-offset) black pixels before it when the image is smaller than the crop.
 */
export async function writePixelValues(image: DecodedImage, config: ClipImageConfig, target: Float32Array, offset: number): Promise<void> {
  const resized = config.resize ? await resizeImage(image, config.resize) : image;
  const { width: outWidth, height: outHeight } = config.crop;
  const shift = (size: number, out: number) => {
    const half = (size - out) / 2;
    return half >= 0 ? Math.floor(half) : -Math.floor(-half);
  };
  const dx = shift(resized.width, outWidth);
  const dy = shift(resized.height, outHeight);
  const plane = outWidth * outHeight;
  const { rescale, normalize } = config;
  // Padding is black (0) before rescaling and normalising, as sharp's extend fills it.
  const values = [0, 1, 2].map((channel) => {
    let value = 0;
    if (rescale !== null) value = Math.fround(rescale * value);
    if (normalize) value = Math.fround((value - normalize.mean[channel]!) / normalize.std[channel]!);
    return value;
  });
  for (let y = 0; y < outHeight; y++) {
    const sy = y + dy;
    for (let x = 0; x < outWidth; x++) {
      const sx = x + dx;
      const inside = sy >= 0 && sy < resized.height && sx >= 0 && sx < resized.width;
      const source = (sy * resized.width + sx) * 3;
      for (let channel = 0; channel < 3; channel++) {
        let value: number;
        if (!inside) value = values[channel]!;
        else {
          // Float32 at every step, like the library's Float32Array in place.
          value = resized.data[source + channel]!;
          if (rescale !== null) value = Math.fround(rescale * value);
          if (normalize) value = Math.fround((value - normalize.mean[channel]!) / normalize.std[channel]!);
        }
        target[offset + channel * plane + y * outWidth + x] = value;
      }
    }
  }
}
