// Words of a study's reflection, counted exactly as the grader counts them
// (server/prompts/check-study.ts `countWords`; test/web/study.test.ts holds the two together):
// each CJK character is a word, since Chinese and Japanese are written without spaces.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

export function countWords(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text
    .replace(CJK, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return cjk + latin;
}
