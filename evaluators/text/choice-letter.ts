// Reading a multiple-choice letter out of model output. Models answer "B", "(B)", "B.", "B) Paris",
// "Answer: B", "The correct answer is (B).", "答案是B"; all of these should count as choosing B,
// while prose that merely starts with the article "A" ("A dog is ...") must not count as choosing A.

/** Index of a letter in the option list: A=0, B=1, ... (case-insensitive). */
export function letterIndex(letter: string): number {
  return letter.toUpperCase().charCodeAt(0) - 'A'.charCodeAt(0);
}

export function indexLetter(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

/** The whole text is just a letter, optionally wrapped: "B", "b", "(B)", "B.", "B)", "[B]". */
const BARE_LETTER = /^[([]?([A-Za-z])[)\]]?[.:)]?$/;
/** Starts with a letter and a delimiter, then the option text: "B. Paris", "(B) Paris", "B: Paris". */
const LEADING_LETTER = /^(?:\(([A-Za-z])\)|([A-Z])[.):：])/;
/**
 * An answer phrase followed by a letter, anywhere in the text: "Answer: B", "the correct answer is (B)",
 * "Option C", "答案是B", "选 C". The letter must not be followed by another letter or digit, so
 * "answer: Bananas" is not B.
 */
const ANSWER_PHRASE = /(?:answer|option|choice|答案|选项|選項|选择|選擇|选|選)(?:\s+is|是|为|為)?\s*[:：]?\s*(\()?([A-Za-z])\)?(?![\p{L}\p{N}])/giu;

/**
 * The letter a model chose, uppercase, or null when the text does not state one. For answer phrases the
 * last one wins, because chain-of-thought output reasons about several options before concluding.
 */
export function findChoiceLetter(text: string): string | null {
  const trimmed = text.normalize('NFKC').trim();
  const bare = BARE_LETTER.exec(trimmed);
  if (bare?.[1] !== undefined) return bare[1].toUpperCase();
  const leading = LEADING_LETTER.exec(trimmed);
  const leadingLetter = leading?.[1] ?? leading?.[2];
  if (leadingLetter !== undefined) return leadingLetter.toUpperCase();
  let last: string | null = null;
  for (const match of trimmed.matchAll(ANSWER_PHRASE)) {
    const [, parenthesis, letter] = match;
    // A lowercase letter after "answer:" is usually the article "a" ("the answer is a dog"), so it only
    // counts when parenthesised: "the answer is (a)".
    if (letter !== undefined && (parenthesis !== undefined || letter === letter.toUpperCase())) last = letter.toUpperCase();
  }
  return last;
}
