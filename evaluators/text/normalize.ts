// Text normalisation shared by the evaluators, so "the same answer" means the same thing everywhere.

/** Punctuation and symbols in any script: ASCII `.,!?`, Chinese `，。！？、「」`, currency, math signs. */
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;
const WHITESPACE = /\s+/u;
const ARTICLES = new Set(['a', 'an', 'the']);

/**
 * SQuAD-style answer normalisation: Unicode NFKC (full-width `ＡＢＣ１２３` becomes `ABC123`, composed and
 * decomposed accents compare equal), lowercase, delete punctuation and symbols, drop the English articles
 * a/an/the, collapse whitespace.
 *
 * Punctuation is deleted rather than replaced by a space, exactly like SQuAD, so "don't" and "dont" agree.
 * Articles are removed as whole whitespace-separated words (not with `\b`, which is ASCII-only in
 * JavaScript and would cut the "a" out of "ça").
 */
export function normalizeAnswer(text: string): string {
  const withoutPunctuation = text.normalize('NFKC').toLowerCase().replace(PUNCTUATION_OR_SYMBOL, '');
  return withoutPunctuation
    .split(WHITESPACE)
    .filter((word) => word !== '' && !ARTICLES.has(word))
    .join(' ');
}

/**
 * Light normalisation for evaluators that must keep punctuation (`includes`, `exact-match` options):
 * NFKC and, when asked, lowercase and collapsed whitespace.
 */
export function foldText(text: string, options: { caseSensitive: boolean; collapseWhitespace: boolean }): string {
  let folded = text.normalize('NFKC');
  if (!options.caseSensitive) folded = folded.toLowerCase();
  if (options.collapseWhitespace)
    folded = folded
      .split(WHITESPACE)
      .filter((part) => part !== '')
      .join(' ');
  return folded;
}

const PREVIEW_LENGTH = 200;

/** Keeps `details` small: a model that rambles for 4k characters should not bloat every report. */
export function preview(text: string): string {
  return text.length <= PREVIEW_LENGTH ? text : `${text.slice(0, PREVIEW_LENGTH)}…`;
}

/** Details show ratios like 0.6667 rather than 0.6666666666666666; scores themselves stay exact. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
