// Words of a study's reflection, counted the same in the browser (the live count under the text
// box, the checklist preview) and on the server (the completeness check that counts).
import { CJK_CHARACTER } from './cjk.js';

const CJK = new RegExp(`[${CJK_CHARACTER}]`, 'gu');

/** Each CJK character is a word (Chinese and Japanese have no spaces); other words split on whitespace. */
export function countWords(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text
    .replace(CJK, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return cjk + latin;
}
