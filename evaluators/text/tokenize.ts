// CJK-aware tokenisation for the overlap metrics (token-f1, rouge-l). Chinese and Japanese are written
// without spaces, so splitting on whitespace alone would make a whole Chinese sentence one token and
// every partial answer score 0. Each ideograph, kana or hangul character is therefore its own token;
// everything else (Latin, Cyrillic, digits, ...) is split on whitespace.
import { CJK_CHARACTER } from '../../server/shared/cjk.js';
import { normalizeAnswer } from './normalize.js';

const TOKEN = new RegExp(`[${CJK_CHARACTER}]|[^\\s${CJK_CHARACTER}]+`, 'gu');

/** Splits already-normalised text into tokens. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** `normalizeAnswer` then `tokenize`: the token list SQuAD-style metrics compare. */
export function answerTokens(text: string): string[] {
  return tokenize(normalizeAnswer(text));
}
