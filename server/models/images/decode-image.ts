// Decodes a task image or an upload (PNG, JPEG, WebP or GIF; a file path or bytes) into 8-bit RGB
// pixels with sharp. Limits come first, before any pixel is decoded:
// - bytes: the file size (uploads are bounded too, by the caller's body limit and by this);
// - pixels: width x height from the header, so a small file that claims gigapixels (a
//   decompression bomb) is refused without allocating, and sharp's own limitInputPixels backs it.
// Alpha is dropped and grey or CMYK images converted, like PIL's convert("RGB") that CLIP's
// reference preprocessing uses. Animated GIFs contribute their first frame.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { errorMessage } from '../../core/errors.js';
import type { ImageInput } from '../../core/model.js';
import { InvalidImage } from './invalid-image.js';

export type ImageLimits = {
  /** Most pixels (width x height) an image may have. */
  maxPixels: number;
  /** Largest file, in bytes. */
  maxBytes: number;
};

/** 25 megapixels (a 5000 x 5000 photo) and 20 MB: far above what CLIP's 224 x 224 input needs. */
export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = { maxPixels: 25_000_000, maxBytes: 20 * 1024 * 1024 };

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';
const FORMATS: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF' };
const ACCEPTED = 'PNG, JPEG, WebP or GIF';

export type DecodedImage = {
  /** RGB bytes, row by row (width x height x 3). */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3;
  format: ImageFormat;
};

/** What messages call an input: the base name of a path, the upload's name, or its size. */
export function imageName(input: ImageInput): string {
  if ('path' in input) return path.basename(input.path);
  return input.name ? path.basename(input.name) : `uploaded image (${input.bytes.length} bytes)`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

function formatPixels(pixels: number): string {
  return pixels >= 1_000_000 ? `${(pixels / 1_000_000).toFixed(1).replace(/\.0$/, '')} megapixels` : `${pixels} pixels`;
}

function tooManyBytes(name: string, size: number, limits: ImageLimits): InvalidImage {
  return new InvalidImage(
    'too-many-bytes',
    name,
    `image ${name} is ${formatBytes(size)}; the limit is ${formatBytes(limits.maxBytes)} per image (maxImageBytes)`,
    { bytes: size, maxBytes: limits.maxBytes },
  );
}

async function readBytes(input: ImageInput, name: string, limits: ImageLimits): Promise<Uint8Array> {
  if (!('path' in input)) {
    if (input.bytes.length > limits.maxBytes) throw tooManyBytes(name, input.bytes.length, limits);
    return input.bytes;
  }
  try {
    // The size is checked before reading, so a huge file is never loaded into memory.
    const { size } = await stat(input.path);
    if (size > limits.maxBytes) throw tooManyBytes(name, size, limits);
    return await readFile(input.path);
  } catch (error) {
    if (error instanceof InvalidImage) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a folder' : errorMessage(error);
    throw new InvalidImage('unreadable', name, `cannot read image ${name}: ${why}`, { code });
  }
}

export async function decodeImage(input: ImageInput, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<DecodedImage> {
  const name = imageName(input);
  const bytes = await readBytes(input, name, limits);
  if (bytes.length === 0) throw new InvalidImage('not-an-image', name, `image ${name} is empty (0 bytes); expected a ${ACCEPTED} file`);

  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes).metadata();
  } catch {
    throw new InvalidImage('not-an-image', name, `image ${name} is not a ${ACCEPTED} image (its contents are not in any of these formats)`);
  }
  const format = metadata.format as string | undefined;
  if (!format || !(format in FORMATS)) {
    throw new InvalidImage(
      'unsupported-format',
      name,
      `image ${name} is ${format ? `a ${format.toUpperCase()} image` : 'in an unknown format'}; use a ${ACCEPTED} image`,
      { format },
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > limits.maxPixels) {
    throw new InvalidImage(
      'too-many-pixels',
      name,
      `image ${name} is ${width}x${height} (${formatPixels(width * height)}); the limit is ${formatPixels(limits.maxPixels)} per image (maxImagePixels)`,
      { width, height, maxPixels: limits.maxPixels },
    );
  }

  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'truncated' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return {
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: 3,
      format: format as ImageFormat,
    };
  } catch (error) {
    throw new InvalidImage(
      'corrupt',
      name,
      `image ${name} could not be decoded: the ${FORMATS[format as ImageFormat]} data is truncated or corrupt (${errorMessage(error)})`,
    );
  }
}
