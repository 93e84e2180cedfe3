// Characters of scripts written without spaces between words (Chinese, Japanese, Korean syllables
// aside). The word counter and the overlap metrics' tokenizer both treat each one as a word, so a
// Chinese reflection or answer is measured the way a Latin one is.

/**
 * A character class body (for `new RegExp(`[${CJK_CHARACTER}]`, 'u')`): ideographs, kana, hangul,
 * and U+30FC (the katakana long-vowel mark ー, Script=Common, so listed by itself).
 */
export const CJK_CHARACTER = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC`;
