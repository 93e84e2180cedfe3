// Regenerates images/, dev.jsonl and test.jsonl for the clip-templates task, deterministically:
//   npx tsx tasks/clip-templates/generate.ts
// Flat drawings of one to three shapes of one colour: 3 counts x 3 colours x 3 shapes = 27
// classes such as "two blue triangles". Size, position, exact shade and background tint vary by
// seed, so a template must describe the picture, not memorise one image. All drawings are ours.
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { renderScene } from '../_shared/images.js';
import { between, pick, seededRandom, shuffled } from '../../server/shared/seeded-random.js';

const SEED = 20_261_205;
const SIZE = 96;
const DEV_PER_CLASS = 1;
const TEST_PER_CLASS = 2;

const COUNTS = [
  ['one', 1],
  ['two', 2],
  ['three', 3],
] as const;
/** Hues kept well apart; lightness varies a little per image. */
const COLOURS = { red: [0, 5], green: [122, 138], blue: [214, 226] } as const;
const SHAPES = { circle: 'circles', square: 'squares', triangle: 'triangles' } as const;
const BACKGROUNDS = ['#ffffff', '#f5f1e6', '#edf1f4', '#f2f2f2'];

type Shape = keyof typeof SHAPES;
type Colour = keyof typeof COLOURS;
export type ShapeClass = { label: string; count: number; colour: Colour; shape: Shape };

export function classes(): ShapeClass[] {
  return COUNTS.flatMap(([word, count]) =>
    (Object.keys(COLOURS) as Colour[]).flatMap((colour) =>
      (Object.keys(SHAPES) as Shape[]).map((shape) => ({ label: `${word} ${colour} ${count === 1 ? shape : SHAPES[shape]}`, count, colour, shape })),
    ),
  );
}

function shapeSvg(shape: Shape, x: number, y: number, r: number, fill: string): string {
  if (shape === 'circle') return `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/>`;
  if (shape === 'square') return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${fill}"/>`;
  const h = r * 1.15;
  return `<polygon points="${x},${(y - h).toFixed(1)} ${(x - h).toFixed(1)},${(y + h * 0.8).toFixed(1)} ${(x + h).toFixed(1)},${(y + h * 0.8).toFixed(1)}" fill="${fill}"/>`;
}

/** Places `count` shapes that do not touch, each fully inside the canvas. */
function scene(c: ShapeClass, random: () => number): string {
  const [hueLow, hueHigh] = COLOURS[c.colour];
  const fill = `hsl(${between(random, hueLow, hueHigh)}, ${between(random, 72, 85)}%, ${between(random, 44, 50)}%)`;
  const r = c.count === 1 ? between(random, 16, 24) : c.count === 2 ? between(random, 12, 16) : between(random, 10, 13);
  const placed: [number, number][] = [];
  while (placed.length < c.count) {
    const x = between(random, r + 4, SIZE - r - 4);
    const y = between(random, r + 4, SIZE - r - 4);
    if (placed.every(([px, py]) => Math.hypot(px - x, py - y) > 2.6 * r + 4)) placed.push([x, y]);
  }
  const background = pick(BACKGROUNDS, random);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}"><rect width="${SIZE}" height="${SIZE}" fill="${background}"/>${placed.map(([x, y]) => shapeSvg(c.shape, x, y, r, fill)).join('')}</svg>`;
}

type Item = { file: string; shapeClass: ShapeClass; svg: string };

export function planImages(seed = SEED): { dev: Item[]; test: Item[] } {
  const random = seededRandom(seed);
  const drawn = classes().flatMap((shapeClass) =>
    Array.from({ length: DEV_PER_CLASS + TEST_PER_CLASS }, (_, index) => ({ shapeClass, svg: scene(shapeClass, random), dev: index < DEV_PER_CLASS })),
  );
  const numbered = shuffled(drawn, random).map((item, index) => ({ ...item, file: `shapes-${String(index + 1).padStart(3, '0')}.png` }));
  const byFile = (a: Item, b: Item) => a.file.localeCompare(b.file);
  return { dev: numbered.filter((item) => item.dev).sort(byFile), test: numbered.filter((item) => !item.dev).sort(byFile) };
}

export async function generate(outDir: string): Promise<void> {
  const { dev, test } = planImages();
  for (const item of [...dev, ...test]) writeFile(outDir, `images/${item.file}`, await renderScene(item.svg));
  const rows = (prefix: string, items: Item[]) =>
    items.map((item, index) => ({
      id: caseId(prefix, index),
      image: item.file,
      label: item.shapeClass.label,
      count: item.shapeClass.count,
      colour: item.shapeClass.colour,
      shape: item.shapeClass.shape,
    }));
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', dev)));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', test)));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log('wrote clip-templates images, dev.jsonl and test.jsonl');
}
