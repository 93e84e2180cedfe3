// Regenerates images/, dev.jsonl and test.jsonl for the emoji task, deterministically:
//   npx tsx tasks/emoji/generate.ts
// Twemoji graphics (CC-BY 4.0, see images/ATTRIBUTION.md) rendered to 96x96 PNGs on white.
// Ten emoji per category, chosen so that each belongs to exactly one category: no fruit (food
// or plant?), no running shoe (clothing or sports?), no boxing glove (gloves are clothing), no
// stadium (a building, or sports?).
// File names are neutral numbers so nothing but the pixels hints at the label.
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { renderSvg, twemojiSvg } from '../_shared/images.js';
import { seededRandom, shuffled } from '../../server/shared/seeded-random.js';

const SEED = 20_261_203;
const DEV_PER_CATEGORY = 3;
const SIZE = 96;

/** Category -> [Twemoji code points, Unicode name]. */
export const CATEGORIES: Record<string, [string, string][]> = {
  animal: [
    ['1f415', 'dog'],
    ['1f408', 'cat'],
    ['1f40e', 'horse'],
    ['1f404', 'cow'],
    ['1f418', 'elephant'],
    ['1f992', 'giraffe'],
    ['1f422', 'turtle'],
    ['1f427', 'penguin'],
    ['1f98b', 'butterfly'],
    ['1f407', 'rabbit'],
  ],
  building: [
    ['1f3e0', 'house'],
    ['1f3e2', 'office building'],
    ['1f3e5', 'hospital'],
    ['1f3eb', 'school'],
    ['1f3ed', 'factory'],
    ['1f3f0', 'castle'],
    ['26ea', 'church'],
    ['1f54c', 'mosque'],
    ['1f3db', 'classical building'],
    ['1f3ec', 'department store'],
  ],
  clothing: [
    ['1f455', 't-shirt'],
    ['1f456', 'jeans'],
    ['1f457', 'dress'],
    ['1f454', 'necktie'],
    ['1f9e5', 'coat'],
    ['1f9e3', 'scarf'],
    ['1f9e6', 'socks'],
    ['1fa73', 'shorts'],
    ['1f452', "woman's hat"],
    ['1f9e4', 'gloves'],
  ],
  food: [
    ['1f355', 'pizza'],
    ['1f354', 'hamburger'],
    ['1f35f', 'french fries'],
    ['1f32e', 'taco'],
    ['1f369', 'doughnut'],
    ['1f382', 'birthday cake'],
    ['1f950', 'croissant'],
    ['1f9c0', 'cheese wedge'],
    ['1f363', 'sushi'],
    ['1f35e', 'bread'],
  ],
  instrument: [
    ['1f3b8', 'guitar'],
    ['1f3b9', 'musical keyboard'],
    ['1f3ba', 'trumpet'],
    ['1f3bb', 'violin'],
    ['1f941', 'drum'],
    ['1f3b7', 'saxophone'],
    ['1fa95', 'banjo'],
    ['1fa97', 'accordion'],
    ['1fa98', 'long drum'],
    ['1fa88', 'flute'],
  ],
  plant: [
    ['1f335', 'cactus'],
    ['1f33b', 'sunflower'],
    ['1f332', 'evergreen tree'],
    ['1f333', 'deciduous tree'],
    ['1f334', 'palm tree'],
    ['1f337', 'tulip'],
    ['1f339', 'rose'],
    ['1f331', 'seedling'],
    ['1fab4', 'potted plant'],
    ['1f340', 'four leaf clover'],
  ],
  sports: [
    ['26bd', 'soccer ball'],
    ['1f3c0', 'basketball'],
    ['1f3c8', 'american football'],
    ['26be', 'baseball'],
    ['1f3be', 'tennis'],
    ['1f3d0', 'volleyball'],
    ['1f3d3', 'ping pong'],
    ['1f3f8', 'badminton'],
    ['1f3b3', 'bowling'],
    ['1f3d2', 'ice hockey'],
  ],
  vehicle: [
    ['1f697', 'automobile'],
    ['1f68c', 'bus'],
    ['1f691', 'ambulance'],
    ['1f692', 'fire engine'],
    ['1f69c', 'tractor'],
    ['1f6b2', 'bicycle'],
    ['2708', 'airplane'],
    ['1f681', 'helicopter'],
    ['1f6a2', 'ship'],
    ['1f682', 'locomotive'],
  ],
};

type Item = { file: string; label: string; codepoints: string; name: string };

export function planImages(seed = SEED): { dev: Item[]; test: Item[] } {
  const random = seededRandom(seed);
  const all = Object.entries(CATEGORIES).flatMap(([label, emoji]) => emoji.map(([codepoints, name]) => ({ label, codepoints, name })));
  // Numbers follow a shuffled order, so a file's number says nothing about its category.
  const numbered = shuffled(all, random).map((item, index) => ({ ...item, file: `emoji-${String(index + 1).padStart(3, '0')}.png` }));
  const dev: Item[] = [];
  const test: Item[] = [];
  for (const label of Object.keys(CATEGORIES)) {
    const ofLabel = shuffled(
      numbered.filter((item) => item.label === label),
      random,
    );
    dev.push(...ofLabel.slice(0, DEV_PER_CATEGORY));
    test.push(...ofLabel.slice(DEV_PER_CATEGORY));
  }
  const byFile = (a: Item, b: Item) => a.file.localeCompare(b.file);
  return { dev: dev.sort(byFile), test: test.sort(byFile) };
}

function attribution(items: Item[]): string {
  const rows = [...items]
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((item) => `| ${item.file} | U+${item.codepoints.toUpperCase().split('-').join(' U+')} | ${item.name} |`);
  return `# Image attribution

Every image in this folder is a Twemoji graphic:

- **Twemoji** by Twitter, Inc and other contributors (https://github.com/jdecked/twemoji),
  graphics licensed under **CC-BY 4.0** (https://creativecommons.org/licenses/by/4.0/).
- Taken from the npm package \`@twemoji/svg\` 15.0.0 (package code MIT).
- **Changes made:** rasterised from SVG to ${SIZE}x${SIZE} PNG with a margin and flattened onto a
  white background by \`tasks/emoji/generate.ts\`. The emoji's category is our own labelling.

| file | emoji | Unicode name |
|---|---|---|
${rows.join('\n')}
`;
}

export async function generate(outDir: string): Promise<void> {
  const { dev, test } = planImages();
  for (const item of [...dev, ...test]) {
    writeFile(outDir, `images/${item.file}`, await renderSvg(twemojiSvg(item.codepoints), { width: SIZE, height: SIZE, margin: 6 }));
  }
  writeFile(outDir, 'images/ATTRIBUTION.md', attribution([...dev, ...test]));
  const rows = (prefix: string, items: Item[]) =>
    items.map((item, index) => ({ id: caseId(prefix, index), image: item.file, label: item.label, emoji: item.name }));
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', dev)));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', test)));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log('wrote emoji images, dev.jsonl and test.jsonl');
}
