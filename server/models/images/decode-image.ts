// Decodes a task image or an upload (PNG, JPEG, WebP or GIF; a file path or bytes) into 8-bit RGB
// pixels with sharp. Limits come first, before any pixel is decoded:
// - bytes: the file size (uploads are bounded too, by the caller's body limit and by this);
// - pixels: width x height from the header (sharp's limitInputPixels), so a small file that claims
//   gigapixels (a decompression bomb) is refused without allocating.
// The format comes from the file's signature, so a renamed file is judged by its contents.
// Alpha is dropped and grey or CMYK images converted, like PIL's convert("RGB") that CLIP's
// reference preprocessing uses. Animated GIFs contribute their first frame.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { ImageInput } from '../../core/model.js';
import { InvalidImage } from './invalid-image.js';
import { loadSharp } from '../local-stack.js';

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

/** Enough of a file to recognise its format (WebP needs 12 bytes). */
const SIGNATURE_BYTES = 16;

/**
 * What sharp should read, and the file's first bytes for the format check. A file is checked
 * (size, signature) with three small synchronous calls and then read by libvips itself, in its
 * worker thread: the image is read once, never copied through JavaScript, and never read at all
 * when it is over the byte limit.
 */
function openSource(input: ImageInput, name: string, limits: ImageLimits): { source: string | Uint8Array; head: Uint8Array; size: number } {
  if (!('path' in input)) {
    if (input.bytes.length > limits.maxBytes) throw tooManyBytes(name, input.bytes.length, limits);
    return { source: input.bytes, head: input.bytes.subarray(0, SIGNATURE_BYTES), size: input.bytes.length };
  }
  let fd: number | undefined;
  try {
    fd = openSync(input.path, 'r');
    const { size } = fstatSync(fd);
    if (size > limits.maxBytes) throw tooManyBytes(name, size, limits);
    const head = new Uint8Array(Math.min(SIGNATURE_BYTES, size));
    readSync(fd, head, 0, head.length, 0);
    return { source: input.path, head, size };
  } catch (error) {
    if (error instanceof InvalidImage) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a folder' : errorMessage(error);
    throw new InvalidImage('unreadable', name, `cannot read image ${name}: ${why}`, { code });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The format from the file's first bytes (its signature), without asking the decoder. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (offset: number, text: string) => [...text].every((char, i) => bytes[offset + i] === char.charCodeAt(0));
  if (bytes[0] === 0x89 && at(1, 'PNG\r\n\x1a\n')) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  return null;
}

/** Why a file with no accepted signature was refused: another image format, or not an image at all. */
async function refuseUnknown(source: string | Uint8Array, name: string): Promise<never> {
  let format: string | undefined;
  const sharp = await loadSharp();
  try {
    format = (await sharp(source).metadata()).format;
  } catch {
    throw new InvalidImage('not-an-image', name, `image ${name} is not a ${ACCEPTED} image (its contents are not in any of these formats)`);
  }
  throw new InvalidImage(
    'unsupported-format',
    name,
    `image ${name} is ${format ? `a ${format.toUpperCase()} image` : 'in an unknown format'}; use a ${ACCEPTED} image`,
    { format },
  );
}

export async function decodeImage(input: ImageInput, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<DecodedImage> {
  const name = imageName(input);
  const { source, head, size } = openSource(input, name, limits);
  if (size === 0) throw new InvalidImage('not-an-image', name, `image ${name} is empty (0 bytes); expected a ${ACCEPTED} file`);
  const format = sniffImageFormat(head) ?? (await refuseUnknown(source, name));
  const sharp = await loadSharp();

  try {
    // One pass: sharp checks limitInputPixels against the header before decoding anything, so a
    // decompression bomb costs no memory. rotate() applies the EXIF orientation, as the library's
    // own image reader does, so a phone photo is seen upright.
    const { data, info } = await sharp(source, { limitInputPixels: limits.maxPixels, failOn: 'truncated' })
      .rotate()
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3, format };
  } catch (error) {
    const message = errorMessage(error);
    if (/exceeds pixel limit/i.test(message)) {
      const { width = 0, height = 0 } = await sharp(source, { limitInputPixels: false }).metadata();
      throw new InvalidImage(
        'too-many-pixels',
        name,
        `image ${name} is ${width}x${height} (${formatPixels(width * height)}); the limit is ${formatPixels(limits.maxPixels)} per image (maxImagePixels)`,
        { width, height, maxPixels: limits.maxPixels },
      );
    }
    // libvips prefixes its loader ("pngload_buffer: ", "pngload: "); the rest is the reason.
    const reason = message.replace(/^\w+load(?:_buffer|_source)?: /, '').split('\n')[0];
    throw new InvalidImage('corrupt', name, `image ${name} could not be decoded: the ${FORMATS[format]} data is truncated or corrupt (${reason})`);
  }
}
