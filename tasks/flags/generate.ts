// Regenerates images/, dev.jsonl and test.jsonl for the flags task, deterministically:
//   npx tsx tasks/flags/generate.ts
// Flags from the `flag-icons` package (MIT, see images/LICENSE.md), rendered from their 4:3 SVGs
// to 96x72 and centred on a 96x96 light-grey square: CLIP centre-crops to a square, and a crop
// of a 4:3 flag would cut off its hoist (the canton of the US flag, the triangle of Czechia).
// One flag per country. Countries whose flags are near copies of another listed flag are left
// out (Chad ~ Romania, Monaco ~ Indonesia, Luxembourg ~ Netherlands, Côte d'Ivoire ~ Ireland,
// Ecuador ~ Colombia), so every label is decidable from the picture.
import fs from 'node:fs';
import path from 'node:path';
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { composite, packageDir, renderSvg } from '../_shared/images.js';
import { seededRandom, shuffled } from '../../server/shared/seeded-random.js';

const SEED = 20_261_204;
const DEV_COUNT = 24;
const SIZE = 96;
const FLAG_HEIGHT = 72;
const BACKGROUND = '#e6e6e6';

/** ISO 3166 code (flag-icons file name) -> the label students see. */
export const COUNTRIES: Record<string, string> = {
  fr: 'France',
  de: 'Germany',
  it: 'Italy',
  es: 'Spain',
  pt: 'Portugal',
  gb: 'United Kingdom',
  ie: 'Ireland',
  nl: 'Netherlands',
  be: 'Belgium',
  ch: 'Switzerland',
  at: 'Austria',
  se: 'Sweden',
  no: 'Norway',
  dk: 'Denmark',
  fi: 'Finland',
  is: 'Iceland',
  pl: 'Poland',
  cz: 'Czechia',
  gr: 'Greece',
  tr: 'Turkey',
  ua: 'Ukraine',
  ru: 'Russia',
  hu: 'Hungary',
  ro: 'Romania',
  hr: 'Croatia',
  rs: 'Serbia',
  ee: 'Estonia',
  lt: 'Lithuania',
  al: 'Albania',
  us: 'United States',
  ca: 'Canada',
  mx: 'Mexico',
  br: 'Brazil',
  ar: 'Argentina',
  cl: 'Chile',
  co: 'Colombia',
  pe: 'Peru',
  jm: 'Jamaica',
  cu: 'Cuba',
  uy: 'Uruguay',
  ve: 'Venezuela',
  cn: 'China',
  jp: 'Japan',
  kr: 'South Korea',
  in: 'India',
  pk: 'Pakistan',
  bd: 'Bangladesh',
  vn: 'Vietnam',
  th: 'Thailand',
  id: 'Indonesia',
  ph: 'Philippines',
  my: 'Malaysia',
  sg: 'Singapore',
  np: 'Nepal',
  il: 'Israel',
  sa: 'Saudi Arabia',
  ae: 'United Arab Emirates',
  ir: 'Iran',
  lb: 'Lebanon',
  kz: 'Kazakhstan',
  mn: 'Mongolia',
  lk: 'Sri Lanka',
  kh: 'Cambodia',
  qa: 'Qatar',
  bt: 'Bhutan',
  za: 'South Africa',
  ng: 'Nigeria',
  eg: 'Egypt',
  ke: 'Kenya',
  et: 'Ethiopia',
  gh: 'Ghana',
  ma: 'Morocco',
  dz: 'Algeria',
  tz: 'Tanzania',
  rw: 'Rwanda',
  so: 'Somalia',
  au: 'Australia',
  nz: 'New Zealand',
  fj: 'Fiji',
  pg: 'Papua New Guinea',
};

export const LABELS = Object.values(COUNTRIES).sort();

type Item = { file: string; code: string; label: string };

export function planImages(seed = SEED): { dev: Item[]; test: Item[] } {
  const random = seededRandom(seed);
  const items = shuffled(Object.entries(COUNTRIES), random).map(([code, label], index) => ({
    code,
    label,
    file: `flag-${String(index + 1).padStart(3, '0')}.png`,
  }));
  return { dev: items.slice(0, DEV_COUNT), test: items.slice(DEV_COUNT) };
}

async function renderFlag(code: string): Promise<Buffer> {
  const svg = fs.readFileSync(path.join(packageDir('flag-icons'), 'flags', '4x3', `${code}.svg`));
  const flag = await renderSvg(svg, { width: SIZE, height: FLAG_HEIGHT });
  return composite(SIZE, SIZE, [{ input: flag, left: 0, top: (SIZE - FLAG_HEIGHT) / 2 }], BACKGROUND);
}

function license(items: Item[]): string {
  const rows = [...items].sort((a, b) => a.file.localeCompare(b.file)).map((item) => `| ${item.file} | ${item.code}.svg | ${item.label} |`);
  const mit = fs.readFileSync(path.join(packageDir('flag-icons'), 'LICENSE'), 'utf8').trim();
  return `# Image license and attribution

Every image in this folder is a flag from **flag-icons** 7.5.0 by Panayiotis Lipiridis and
contributors (https://github.com/lipis/flag-icons), used under the MIT license below.
**Changes made:** the 4:3 SVG was rasterised to ${SIZE}x${FLAG_HEIGHT} and centred on a ${SIZE}x${SIZE}
light-grey square by \`tasks/flags/generate.ts\`.

| file | flag-icons file | country |
|---|---|---|
${rows.join('\n')}

## flag-icons license

\`\`\`
${mit}
\`\`\`
`;
}

export async function generate(outDir: string): Promise<void> {
  const { dev, test } = planImages();
  for (const item of [...dev, ...test]) writeFile(outDir, `images/${item.file}`, await renderFlag(item.code));
  writeFile(outDir, 'images/LICENSE.md', license([...dev, ...test]));
  const rows = (prefix: string, items: Item[]) => items.map((item, index) => ({ id: caseId(prefix, index), image: item.file, country: item.label }));
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', dev)));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', test)));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log(`wrote ${Object.keys(COUNTRIES).length} flags, dev.jsonl and test.jsonl`);
}
