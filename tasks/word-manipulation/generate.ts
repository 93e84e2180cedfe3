// Regenerates dev.jsonl and test.jsonl for the word-manipulation task, deterministically:
//   npx tsx tasks/word-manipulation/generate.ts
// The GPT-3 paper's word-scrambling suite: a word's letters are scrambled and the model must write
// the word. Three kinds, as in the paper: "anagram" (first and last letters kept, the middle
// shuffled; the paper's A1), "reversed" (the paper's RW) and "cycled" (the letters rotated; CL).
//
// Words come from the `word-list` package (MIT). That list is alphabetical with no frequencies and
// holds many rare words, so "common" is approximated by GPT-2's tokenizer: a word that is a single
// r50k token (with its leading space) among the first 12,000 merges is frequent in web text. Each
// word must be the ONLY arrangement of its letters in the list, so the answer is unambiguous.
import fs from 'node:fs';
import wordListPath from 'word-list';
import { encode } from 'gpt-tokenizer/encoding/r50k_base';
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { seededRandom, shuffled, between } from '../../server/shared/seeded-random.js';

const SEED = 20_261_201;
const DEV_PER_KIND = 8;
const TEST_PER_KIND = 20;
const KINDS = ['anagram', 'reversed', 'cycled'] as const;
type Kind = (typeof KINDS)[number];

/** Tokenizer merges that are word fragments or archaic forms, not words a student would know. */
const NOT_EVERYDAY = new Set(['acknow', 'advert', 'anarch', 'anonym', 'amongst', 'hither', 'pharm', 'statist', 'thence', 'whilst']);

export type Puzzle = { letters: string; word: string; kind: Kind };

function signature(word: string): string {
  return [...word].sort().join('');
}

export function candidateWords(allWords: readonly string[]): string[] {
  const signatures = new Map<string, number>();
  for (const word of allWords) signatures.set(signature(word), (signatures.get(signature(word)) ?? 0) + 1);
  return allWords.filter((word) => {
    if (!/^[a-z]{5,8}$/.test(word) || NOT_EVERYDAY.has(word)) return false;
    if (signatures.get(signature(word)) !== 1) return false;
    const tokens = encode(` ${word}`);
    return tokens.length === 1 && tokens[0]! < 12_000;
  });
}

/** Scrambles `word`; null when this kind cannot make a puzzle from it that is not itself a word. */
function scramble(word: string, kind: Kind, random: () => number, isWord: (text: string) => boolean): string | null {
  let letters: string;
  if (kind === 'reversed') {
    letters = [...word].reverse().join('');
  } else if (kind === 'cycled') {
    const shift = between(random, 1, word.length - 1);
    letters = word.slice(shift) + word.slice(0, shift);
  } else {
    const middle = [...word.slice(1, -1)];
    // A few tries: a short middle ("ee") can shuffle back into itself.
    letters = word;
    for (let attempt = 0; attempt < 10 && letters === word; attempt++) {
      letters = word[0] + shuffled(middle, random).join('') + word.at(-1);
    }
  }
  return letters === word || isWord(letters) ? null : letters;
}

export function generatePuzzles(allWords: readonly string[], seed = SEED): { dev: Puzzle[]; test: Puzzle[] } {
  const random = seededRandom(seed);
  const known = new Set(allWords);
  const pool = shuffled(candidateWords(allWords), random);
  const byKind = new Map<Kind, Puzzle[]>(KINDS.map((kind) => [kind, []]));
  const perKind = DEV_PER_KIND + TEST_PER_KIND;
  let next = 0;
  for (const kind of KINDS) {
    const puzzles = byKind.get(kind)!;
    while (puzzles.length < perKind) {
      const word = pool[next++];
      if (word === undefined) throw new Error('word pool exhausted; loosen the filters');
      const letters = scramble(word, kind, random, (text) => known.has(text));
      if (letters) puzzles.push({ letters, word, kind });
    }
  }
  // Kinds interleaved so every slice of a split has all three.
  const interleave = (from: number, count: number) => Array.from({ length: count }, (_, i) => KINDS.map((kind) => byKind.get(kind)![from + i]!)).flat();
  return { dev: interleave(0, DEV_PER_KIND), test: interleave(DEV_PER_KIND, TEST_PER_KIND) };
}

export async function generate(outDir: string): Promise<void> {
  const allWords = fs.readFileSync(wordListPath, 'utf8').split('\n').filter(Boolean);
  const { dev, test } = generatePuzzles(allWords);
  const rows = (prefix: string, puzzles: Puzzle[]) =>
    puzzles.map((p, index) => ({ id: caseId(prefix, index), letters: p.letters, word: p.word, kind: p.kind }));
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', dev)));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', test)));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log('wrote word-manipulation dev.jsonl and test.jsonl');
}
