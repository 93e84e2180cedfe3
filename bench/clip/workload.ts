// The CLIP benchmark's workload, shared by the orchestrator and its worker processes: 10 colour
// classes x 8 templates (80 texts) and 200 flat-colour images, jittered with a seeded generator so
// every run classifies the same images.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../../server/shared/seeded-random.js';
import { TINY_CLIP_COLOURS } from '../../testkit/tiny-models/tiny-clip.js';

export const CLASSES = ['red', 'green', 'blue', 'yellow', 'cyan', 'magenta', 'white', 'black', 'orange', 'purple'];
// Every word has a token in tiny-clip's vocabulary, so each template embeds exactly its colour.
export const TEMPLATES = [
  'a photo of a {label} thing.',
  'a {label} square',
  'a picture of the {label} colour',
  'a plain {label} background',
  'a drawing of a {label} object',
  'this is {label}',
  'an image with a {label} shade',
  'a flat {label} painting',
];
export const IMAGES = 200;

export type WorkloadImage = { path: string; label: string };
/** `warmUp` images are other files (another seed), so no decoder cache can carry over to `images`. */
export type Workload = { modelsDir: string; images: WorkloadImage[]; warmUp: WorkloadImage[] };

/** The tiny CLIP's input size: images this size need no resampling, only decoding. */
export const MODEL_INPUT_SIZE = 32;

/** Writes `count` size x size PNG files under `dir`/<name>; the label is the colour before jitter. */
export async function writeImages(dir: string, name: string, size: number, count: number, seed: number): Promise<WorkloadImage[]> {
  const random = seededRandom(seed);
  mkdirSync(path.join(dir, name), { recursive: true });
  const images: WorkloadImage[] = [];
  for (let i = 0; i < count; i++) {
    const label = CLASSES[i % CLASSES.length]!;
    const [r, g, b] = TINY_CLIP_COLOURS[label]!.map((channel) => Math.round(Math.min(255, Math.max(0, channel * 255 + (random() - 0.5) * 60))));
    const file = path.join(dir, name, `${String(i).padStart(3, '0')}-${label}.png`);
    writeFileSync(
      file,
      await sharp({ create: { width: size, height: size, channels: 3, background: { r: r!, g: g!, b: b! } } })
        .png()
        .toBuffer(),
    );
    images.push({ path: file, label });
  }
  return images;
}
