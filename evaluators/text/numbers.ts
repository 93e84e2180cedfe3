// Finding numbers in free-form model output ("The total is $1,234.50."). Kept apart from the numeric
// evaluator so the parsing rules are tested and documented in one place.

export type FoundNumber = { text: string; value: number };

// Pieces of one number, in order:
//  - a sign, only when not glued to a preceding letter or digit, so "3-5" reads as 3 and 5, not 3 and -5;
//    "−" (U+2212) is the typographic minus that NFKC does not turn into "-";
//  - an optional currency symbol: "$12", "-$12", "€3";
//  - digits with comma thousands groups ("1,234,567", but "1,2345" is not grouped) or plain digits;
//  - an optional decimal part and exponent: "3.50", ".5", "1e3", "2.5E-4".
const NUMBER = /(?:(?<![\p{L}\p{N}])([-+\u2212]))?\p{Sc}?(?:(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?|(\.\d+))([eE][-+]?\d+)?/gu;

/**
 * Every number in the text, left to right. The text is NFKC-normalised first so full-width digits
 * ("１２３"), the full-width minus ("－") and full-width commas read as ASCII.
 * Not handled on purpose: number words ("three", "三"), "1.234,5" European decimals, "1 234" spaced groups.
 */
export function findNumbers(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const match of text.normalize('NFKC').matchAll(NUMBER)) {
    const [whole, sign, integer, fraction, bareFraction, exponent] = match;
    const digits = `${(integer ?? '').replaceAll(',', '')}${fraction ?? bareFraction ?? ''}${exponent ?? ''}`;
    const magnitude = Number(digits);
    if (!Number.isFinite(magnitude)) continue;
    const negative = sign === '-' || sign === '\u2212';
    found.push({ text: whole, value: negative ? -magnitude : magnitude });
  }
  return found;
}

/** A number given as a JSON number or as a string that is exactly one number ("42", " 1,234 ", "-3.5"). */
export function numberFromValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const found = findNumbers(value);
  const only = found[0];
  return found.length === 1 && only !== undefined && only.text === value.normalize('NFKC').trim() ? only.value : null;
}
