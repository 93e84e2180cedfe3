// Rendering task images with sharp: SVG in, small opaque PNG out. Images are flattened onto a
// background because the graders drop alpha (transparent pixels would turn black), and written
// with fixed PNG settings so a re-run produces the same bytes on the same platform.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

/** Folder of an installed package (by its package.json), for reading its SVG files. */
export function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Twemoji SVG for a code point sequence such as "1f415" or "2708". */
export function twemojiSvg(codepoints: string): Buffer {
  return fs.readFileSync(path.join(packageDir('@twemoji/svg'), `${codepoints}.svg`));
}

export type RenderOptions = {
  width: number;
  height: number;
  /** Empty space around the artwork, in pixels, on every side. */
  margin?: number;
  background?: string;
};

/** Any SVG fitted (aspect kept) inside width x height minus the margin, centred, as PNG bytes. */
export async function renderSvg(svg: Buffer | string, options: RenderOptions): Promise<Buffer> {
  const margin = options.margin ?? 0;
  const background = options.background ?? '#ffffff';
  const inner = await sharp(Buffer.from(svg), { density: 300 })
    .resize(options.width - 2 * margin, options.height - 2 * margin, { fit: 'contain', background })
    .flatten({ background })
    .png()
    .toBuffer();
  return pngBytes(sharp(inner).extend({ top: margin, bottom: margin, left: margin, right: margin, background }).flatten({ background }));
}

/** Composes a full-size SVG scene (shapes, text) straight to PNG at its own size. */
export async function renderScene(svg: string, background = '#ffffff'): Promise<Buffer> {
  return pngBytes(sharp(Buffer.from(svg), { density: 72 }).flatten({ background }));
}

/** Places already-rendered PNG layers on a canvas, then returns the PNG. */
export async function composite(
  width: number,
  height: number,
  layers: { input: Buffer; left: number; top: number }[],
  background = '#ffffff',
): Promise<Buffer> {
  const canvas = sharp({ create: { width, height, channels: 3, background } }).composite(layers);
  return pngBytes(sharp(await canvas.png().toBuffer()).flatten({ background }));
}

function pngBytes(image: sharp.Sharp): Promise<Buffer> {
  // RGB (no alpha), maximum deflate effort, no adaptive filtering choices that vary by build.
  return image.removeAlpha().png({ compressionLevel: 9, adaptiveFiltering: false, palette: false }).toBuffer();
}
