// Regenerates images/, dev.jsonl and test.jsonl for the text-to-image-retrieval task:
//   npx tsx tasks/text-to-image-retrieval/generate.ts
// Each case is a hand-written text query and the one image it describes. The gallery a query
// ranks is every image of its split, and each split is built from whole groups of look-alikes
// (fruit, vehicles, animal faces, drinks; devices, sky and weather), so a query must tell a red
// apple from a green one, a taxi from a police car. Images are Twemoji graphics (CC-BY 4.0, see
// images/ATTRIBUTION.md); the queries are our own.
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { renderSvg, twemojiSvg } from '../_shared/images.js';
import { seededRandom, shuffled } from '../../server/shared/seeded-random.js';

const SEED = 20_261_207;
const SIZE = 96;

/** Group -> [Twemoji code points, Unicode name, query]. Dev groups first. */
const DEV_GROUPS: Record<string, [string, string, string][]> = {
  devices: [
    ['1f4f1', 'mobile phone', 'a smartphone'],
    ['1f4bb', 'laptop', 'an open laptop computer'],
    ['1f5a5', 'desktop computer', 'a desktop computer monitor'],
    ['2328', 'keyboard', 'a computer keyboard'],
    ['1f5b1', 'computer mouse', 'a computer mouse'],
    ['1f4f7', 'camera', 'a photo camera'],
    ['1f4fa', 'television', 'an old television set'],
    ['1f4fb', 'radio', 'a radio with an antenna'],
    ['23f0', 'alarm clock', 'a red alarm clock with two bells'],
    ['231a', 'watch', 'a wristwatch'],
    ['1f50b', 'battery', 'a battery'],
    ['1f4a1', 'light bulb', 'a yellow light bulb'],
  ],
  sky: [
    ['2600', 'sun', 'a bright sun with rays'],
    ['1f319', 'crescent moon', 'a crescent moon'],
    ['1f315', 'full moon', 'a full moon'],
    ['2b50', 'star', 'a yellow star'],
    ['2601', 'cloud', 'a single fluffy cloud'],
    ['26c5', 'sun behind cloud', 'the sun peeking out from behind a cloud'],
    ['1f327', 'cloud with rain', 'a rain cloud'],
    ['1f329', 'cloud with lightning', 'a storm cloud with a lightning bolt'],
    ['2744', 'snowflake', 'a snowflake'],
    ['1f308', 'rainbow', 'a rainbow'],
    ['26c4', 'snowman without snow', 'a snowman'],
    ['1f30a', 'water wave', 'a big ocean wave'],
  ],
};

const TEST_GROUPS: Record<string, [string, string, string][]> = {
  fruit: [
    ['1f34e', 'red apple', 'a red apple'],
    ['1f34f', 'green apple', 'a green apple'],
    ['1f350', 'pear', 'a pear'],
    ['1f351', 'peach', 'a peach'],
    ['1f352', 'cherries', 'a pair of cherries on their stems'],
    ['1f353', 'strawberry', 'a strawberry'],
    ['1f34b', 'lemon', 'a lemon'],
    ['1f34a', 'tangerine', 'an orange citrus fruit with a leaf'],
    ['1f349', 'watermelon', 'a slice of watermelon'],
    ['1f347', 'grapes', 'a bunch of grapes'],
    ['1f34d', 'pineapple', 'a pineapple'],
    ['1f965', 'coconut', 'a coconut split in half'],
    ['1f95d', 'kiwi fruit', 'a kiwi fruit cut open'],
  ],
  vehicles: [
    ['1f697', 'automobile', 'a red car with two side windows'],
    ['1f695', 'taxi', 'a yellow taxi'],
    ['1f693', 'police car', 'a police car'],
    ['1f699', 'recreational vehicle', 'a blue SUV'],
    ['1f68c', 'bus', 'a dark grey city bus with one long window'],
    ['1f68e', 'trolleybus', 'a trolleybus connected to overhead wires'],
    ['1f690', 'minibus', 'a silver minibus with three side windows'],
    ['1f691', 'ambulance', 'an ambulance'],
    ['1f692', 'fire engine', 'a fire engine with a ladder'],
    ['1f69a', 'delivery truck', 'a delivery truck with a grey cargo box'],
    ['1f69b', 'articulated lorry', 'a truck with a green cargo box on three axles'],
    ['1f6fb', 'pickup truck', 'a pickup truck'],
    ['1f3ce', 'racing car', 'a racing car'],
  ],
  animals: [
    ['1f436', 'dog face', 'the face of a dog'],
    ['1f431', 'cat face', 'the face of a cat'],
    ['1f42d', 'mouse face', "a mouse's face"],
    ['1f439', 'hamster', "a hamster's face"],
    ['1f430', 'rabbit face', "a rabbit's face with long ears"],
    ['1f98a', 'fox', 'the face of a fox'],
    ['1f43b', 'bear', "a bear's face"],
    ['1f43c', 'panda', "a panda's face"],
    ['1f428', 'koala', "a koala's face"],
    ['1f42f', 'tiger face', "a tiger's face"],
    ['1f981', 'lion', "a lion's face with a mane"],
    ['1f42e', 'cow face', "a cow's face"],
    ['1f437', 'pig face', "a pig's face"],
    ['1f438', 'frog', "a frog's face"],
    ['1f435', 'monkey face', "a monkey's face"],
  ],
  drinks: [
    ['2615', 'hot beverage', 'a steaming cup of coffee'],
    ['1f375', 'teacup without handle', 'a cup of green tea without a handle'],
    ['1f37a', 'beer mug', 'a mug of beer'],
    ['1f377', 'wine glass', 'a glass of red wine'],
    ['1f378', 'cocktail glass', 'a cocktail glass with an olive'],
    ['1f379', 'tropical drink', 'a tropical cocktail'],
    ['1f95b', 'glass of milk', 'a glass of milk'],
    ['1f9cb', 'bubble tea', 'bubble tea with tapioca pearls'],
    ['1f9c3', 'beverage box', 'a juice box with a straw'],
    ['1f964', 'cup with straw', 'a glass of blue drink with a striped straw'],
    ['1f37c', 'baby bottle', 'a baby bottle'],
  ],
};

type Item = { file: string; codepoints: string; name: string; query: string; group: string };

export function planImages(seed = SEED): { dev: Item[]; test: Item[] } {
  const random = seededRandom(seed);
  const flatten = (groups: typeof DEV_GROUPS) =>
    Object.entries(groups).flatMap(([group, items]) => items.map(([codepoints, name, query]) => ({ codepoints, name, query, group })));
  const dev = flatten(DEV_GROUPS);
  const test = flatten(TEST_GROUPS);
  // File numbers in a shuffled order: neither a name nor a position hints at the answer.
  const numbered = new Map(shuffled([...dev, ...test], random).map((item, index) => [item.codepoints, `img-${String(index + 1).padStart(3, '0')}.png`]));
  const withFile = (items: Omit<Item, 'file'>[]) => shuffled(items, random).map((item) => ({ ...item, file: numbered.get(item.codepoints)! }));
  return { dev: withFile(dev), test: withFile(test) };
}

function attribution(items: Item[]): string {
  const rows = [...items].sort((a, b) => a.file.localeCompare(b.file)).map((item) => `| ${item.file} | U+${item.codepoints.toUpperCase()} | ${item.name} |`);
  return `# Image attribution

Every image in this folder is a Twemoji graphic:

- **Twemoji** by Twitter, Inc and other contributors (https://github.com/jdecked/twemoji),
  graphics licensed under **CC-BY 4.0** (https://creativecommons.org/licenses/by/4.0/).
- Taken from the npm package \`@twemoji/svg\` 15.0.0 (package code MIT).
- **Changes made:** rasterised from SVG to ${SIZE}x${SIZE} PNG with a margin and flattened onto a
  white background by \`tasks/text-to-image-retrieval/generate.ts\`. The text queries are our own.

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
    items.map((item, index) => ({ id: caseId(prefix, index), query: item.query, image: item.file, group: item.group }));
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', dev)));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', test)));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log('wrote text-to-image-retrieval images, dev.jsonl and test.jsonl');
}
