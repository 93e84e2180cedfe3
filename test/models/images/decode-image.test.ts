// Images in: the four accepted formats decode to exact RGB pixels, from a path or bytes; anything
// else (not an image, truncated, another format, over a limit) is refused with a message that names
// the file and the limit, before any pixel is decoded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, decodeImage } from '../../../server/models/images/decode-image.js';
import { InvalidImage } from '../../../server/models/images/invalid-image.js';

const dir = mkdtempSync(path.join(tmpdir(), 'decode-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flat = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: channels === 4 ? { r: 0, g: 128, b: 255, alpha: 0.25 } : { r: 0, g: 128, b: 255 } } });

function file(name: string, bytes: Uint8Array | string): string {
  const at = path.join(dir, name);
  writeFileSync(at, bytes);
  return at;
}

async function rejection(work: Promise<unknown>): Promise<InvalidImage> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidImage);
  return error as InvalidImage;
}

describe('decodeImage', () => {
  it('decodes PNG, WebP (lossless) and GIF to the exact RGB pixels, from a path or bytes', async () => {
    const encoded = {
      png: await flat(5, 3).png().toBuffer(),
      webp: await flat(5, 3).webp({ lossless: true }).toBuffer(),
      gif: await flat(5, 3).gif().toBuffer(),
    };
    for (const [format, bytes] of Object.entries(encoded)) {
      for (const input of [{ bytes, name: `x.${format}` }, { path: file(`x.${format}`, bytes) }]) {
        const image = await decodeImage(input);
        expect(image, format).toMatchObject({ width: 5, height: 3, channels: 3, format });
        expect(Array.from(image.data), format).toEqual(Array.from({ length: 15 }, () => [0, 128, 255]).flat());
      }
    }
  });

  it('decodes JPEG within its compression error, and drops alpha and reads grey as RGB', async () => {
    const jpeg = await decodeImage({ bytes: await flat(16, 16).jpeg({ quality: 95 }).toBuffer() });
    expect(jpeg).toMatchObject({ width: 16, height: 16, format: 'jpeg' });
    const [r, g, b] = jpeg.data;
    expect(Math.abs(r! - 0) + Math.abs(g! - 128) + Math.abs(b! - 255)).toBeLessThanOrEqual(6);
    const translucent = await decodeImage({ bytes: await flat(2, 2, 4).png().toBuffer() });
    expect(Array.from(translucent.data.subarray(0, 3))).toEqual([0, 128, 255]);
    const grey = await decodeImage({
      bytes: await sharp({ create: { width: 2, height: 1, channels: 3, background: '#808080' } })
        .greyscale()
        .png()
        .toBuffer(),
    });
    expect(Array.from(grey.data)).toEqual([128, 128, 128, 128, 128, 128]);
  });

  it('applies the EXIF orientation, as the library reads images, so a phone photo is upright', async () => {
    // Stored 6 wide and 2 high, tagged "rotate 90 degrees clockwise to display".
    const sideways = await flat(6, 2).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await decodeImage({ bytes: sideways })).toMatchObject({ width: 2, height: 6, format: 'jpeg' });
  });

  it('refuses a truncated PNG, naming the file', async () => {
    const png = await flat(64, 64).png().toBuffer();
    const error = await rejection(decodeImage({ path: file('cut.png', png.subarray(0, Math.floor(png.length / 2))) }));
    expect(error.reason).toBe('corrupt');
    // libvips's own detail in brackets varies between runs; our part must hold.
    expect(error.message).toMatch(/^image cut\.png could not be decoded: the PNG data is truncated or corrupt \(.+\)$/);
  });

  it('refuses a text file renamed .png, and an empty file', async () => {
    const error = await rejection(decodeImage({ path: file('notes.png', 'shopping list: eggs, milk\n') }));
    expect(error.reason).toBe('not-an-image');
    expect(error.message).toBe('image notes.png is not a PNG, JPEG, WebP or GIF image (its contents are not in any of these formats)');
    expect((await rejection(decodeImage({ bytes: new Uint8Array(0), name: 'uploads/empty.png' }))).message).toBe(
      'image empty.png is empty (0 bytes); expected a PNG, JPEG, WebP or GIF file',
    );
  });

  it('refuses formats sharp reads but the sandbox does not accept (TIFF, SVG)', async () => {
    const tiff = await rejection(decodeImage({ bytes: await flat(2, 2).tiff().toBuffer(), name: 'scan.tif' }));
    expect(tiff.message).toBe('image scan.tif is a TIFF image; use a PNG, JPEG, WebP or GIF image');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="red"/></svg>';
    expect((await rejection(decodeImage({ bytes: new TextEncoder().encode(svg), name: 'logo.png' }))).reason).toBe('unsupported-format');
  });

  it('refuses an image over the pixel limit from its header alone (a decompression bomb)', async () => {
    // 6000 x 5000 white compresses to about 100 KB but would decode to 90 MB of pixels.
    const bomb = await sharp({ create: { width: 6000, height: 5000, channels: 3, background: 'white' } })
      .png()
      .toBuffer();
    expect(bomb.length).toBeLessThan(200_000);
    const error = await rejection(decodeImage({ path: file('bomb.png', bomb) }));
    expect(error.reason).toBe('too-many-pixels');
    // From the header alone, shown without a clock: cut after its first 1000 bytes (the header and
    // a sliver of pixel data), the same file is refused for its size, not as truncated, which it
    // would be had the decoder read its pixels first.
    const headOnly = await rejection(decodeImage({ path: file('bomb-head.png', bomb.subarray(0, 1000)) }));
    expect(headOnly.reason).toBe('too-many-pixels');
    expect(error.message).toBe('image bomb.png is 6000x5000 (30 megapixels); the limit is 25 megapixels per image (maxImagePixels)');
    expect(error.details).toMatchObject({ width: 6000, height: 5000, maxPixels: DEFAULT_IMAGE_LIMITS.maxPixels });
    // The limit is configurable, and exactly the limit is allowed.
    const small = await flat(40, 25).png().toBuffer();
    expect((await decodeImage({ bytes: small }, { maxPixels: 1000, maxBytes: 1e6 })).width).toBe(40);
    expect((await rejection(decodeImage({ bytes: small, name: 'a.png' }, { maxPixels: 999, maxBytes: 1e6 }))).message).toBe(
      'image a.png is 40x25 (1000 pixels); the limit is 999 pixels per image (maxImagePixels)',
    );
  });

  it('refuses a file over the byte limit without decoding it', async () => {
    const png = await flat(64, 64).png().toBuffer();
    const limits = { maxPixels: 1e6, maxBytes: png.length - 1 };
    const fromPath = await rejection(decodeImage({ path: file('big.png', png) }, limits));
    expect(fromPath.reason).toBe('too-many-bytes');
    expect(fromPath.message).toBe(`image big.png is ${png.length} bytes; the limit is ${png.length - 1} bytes per image (maxImageBytes)`);
    const upload = await rejection(decodeImage({ bytes: new Uint8Array(3 * 1024 * 1024) }, { maxPixels: 1e6, maxBytes: 2 * 1024 * 1024 }));
    expect(upload.message).toBe('image uploaded image (3145728 bytes) is 3 MB; the limit is 2 MB per image (maxImageBytes)');
  });

  it('names only the base name of a missing file, never the server path', async () => {
    const error = await rejection(decodeImage({ path: path.join(dir, 'secret', 'gone.png') }));
    expect(error.message).toBe('cannot read image gone.png: the file does not exist');
    expect(error.message).not.toContain(dir);
  });
});
