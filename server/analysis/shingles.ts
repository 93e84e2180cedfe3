// Normalised word shingles of a program's text, and which words of a text fall in shared shingles
// (the pair view's highlight). Normalising makes case, whitespace and punctuation irrelevant: words
// are runs of letters and digits (each CJK character a word of its own, as the word counter has it),
// NFKC-folded and lower-cased. Each section (the instruction, one example) is shingled on its own
// and a program's shingles are a set, so the order of the examples does not matter either.
import { CJK_CHARACTER } from '../shared/cjk.js';

const WORD = new RegExp(`[${CJK_CHARACTER}]|(?:(?![${CJK_CHARACTER}])[\\p{L}\\p{M}\\p{N}])+`, 'gu');

export type Token = { word: string; start: number; end: number };

export function tokens(text: string): Token[] {
  return [...text.matchAll(WORD)].map((match) => ({ word: match[0].normalize('NFKC').toLowerCase(), start: match.index, end: match.index + match[0].length }));
}

/** Shingles of one section, each with the index of its first word; a section shorter than `size` is one shingle. */
function sectionShingles(words: string[], size: number): { shingle: string; at: number; length: number }[] {
  if (words.length === 0) return [];
  if (words.length <= size) return [{ shingle: words.join(' '), at: 0, length: words.length }];
  return words.slice(0, words.length - size + 1).map((_, at) => ({ shingle: words.slice(at, at + size).join(' '), at, length: size }));
}

/** The set of shingles of several texts (sections of one program, or the starter material). */
export function shingleSet(texts: string[], size: number): Set<string> {
  const set = new Set<string>();
  for (const text of texts) {
    for (const { shingle } of sectionShingles(
      tokens(text).map((token) => token.word),
      size,
    ))
      set.add(shingle);
  }
  return set;
}

/** A program's own shingles: its set less every shingle of the starter material. */
export function ownShingles(texts: string[], starter: ReadonlySet<string>, size: number): Set<string> {
  const own = shingleSet(texts, size);
  for (const shingle of starter) own.delete(shingle);
  return own;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const shingle of a) if (b.has(shingle)) both++;
  return both / (a.size + b.size - both);
}

/**
 * The text as runs of shared and own text: a word is shared when a shingle holding it is in
 * `shared`; the punctuation and spaces between two shared words are shared too, so a copied
 * sentence is one highlighted run.
 */
export function highlight(text: string, shared: ReadonlySet<string>, size: number): { text: string; shared: boolean }[] {
  const found = tokens(text);
  const marked = new Array<boolean>(found.length).fill(false);
  for (const { shingle, at, length } of sectionShingles(
    found.map((token) => token.word),
    size,
  )) {
    if (shared.has(shingle)) for (let index = at; index < at + length; index++) marked[index] = true;
  }
  const runs: { text: string; shared: boolean }[] = [];
  const push = (piece: string, isShared: boolean) => {
    if (!piece) return;
    const last = runs.at(-1);
    if (last && last.shared === isShared) last.text += piece;
    else runs.push({ text: piece, shared: isShared });
  };
  let position = 0;
  found.forEach((token, index) => {
    push(text.slice(position, token.start), index > 0 && marked[index - 1]! && marked[index]!);
    push(text.slice(token.start, token.end), marked[index]!);
    position = token.end;
  });
  push(text.slice(position), false);
  return runs;
}
