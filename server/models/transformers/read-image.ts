// Decodes an image (file path or bytes) through the shared decoder, with its format check and size
// limits, into the library's RawImage as 8-bit RGB for the CLIP image processor.
import type { RawImage } from '@xenova/transformers';
import type { ImageInput } from '../../core/model.js';
import { decodeImage, type ImageLimits } from '../images/decode-image.js';
import type { TransformersLibrary } from './environment.js';

export async function readImage(input: ImageInput, RawImageClass: TransformersLibrary['RawImage'], limits: ImageLimits): Promise<RawImage> {
  const image = await decodeImage(input, limits);
  return new RawImageClass(image.data, image.width, image.height, image.channels);
}
