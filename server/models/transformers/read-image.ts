// Decodes an image (file path or bytes, any format sharp reads) into the library's RawImage as
// 8-bit RGB: alpha is dropped and grey or CMYK images are converted, like PIL's convert("RGB").
import sharp from 'sharp';
import type { RawImage } from '@xenova/transformers';
import { ProviderError, errorMessage } from '../../core/errors.js';
import type { ImageInput } from '../../core/model.js';
import type { TransformersLibrary } from './environment.js';

export async function readImage(input: ImageInput, RawImageClass: TransformersLibrary['RawImage']): Promise<RawImage> {
  const name = 'path' in input ? input.path : (input.name ?? `${input.bytes.length} bytes`);
  try {
    const source = 'path' in input ? input.path : input.bytes;
    const { data, info } = await sharp(source).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return new RawImageClass(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, 3);
  } catch (error) {
    // A missing or corrupt image fails the same way on every attempt.
    throw new ProviderError(`cannot read image ${name}: ${errorMessage(error)}`, { retryable: false, cause: error });
  }
}
