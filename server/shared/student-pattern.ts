// A student's `answer.extract` pattern: what it may be and how it runs. Student patterns run on
// re2js, a linear-time engine (no backtracking), so no pattern can stall the server: `(a+)+$` costs
// the same as `a+`. Linear is still proportional to pattern size x text length, so both are bounded
// here. Pure (no node imports): the server's program check, the grader and the browser's check of
// the field all use this one module, so the preview and the grade agree.
import { RE2JS } from 're2js';

/** Longer patterns are almost always a mistake (a pasted answer); re2's program size bounds the rest. */
export const MAX_PATTERN_LENGTH = 500;
/** re2's program size: about one per literal character, class or operator; `x{100}` counts 100 times. */
export const MAX_PROGRAM_SIZE = 500;
/**
 * Program size x characters matched, at most. Measured at 25-75 ns a unit on the worst patterns
 * (`(.*a){200}` on a long run of "a"), so one extraction stays under about 5 ms of CPU: other
 * requests never wait long behind it. A typical pattern (size 20-40) still sees 2,500-5,000
 * characters, more than any task's output limit produces.
 */
export const MATCH_WORK_BUDGET = 100_000;

export type StudentPattern = {
  source: string;
  /** How many characters of the answer the pattern looks at (the start of the answer). */
  maxTextLength: number;
  /** The first capture group when it took part in the match, else the whole match; null without a match. */
  extract(text: string): string | null;
};

export type PatternCheck = { ok: true; pattern: StudentPattern } | { ok: false; problem: string };

// JS syntax re2 cannot run: back-references (\1, \k<name>) and lookaround. Named up front so the
// message says what to change rather than repeating re2's parser error.
type Unsupported = 'a back-reference' | 'a lookahead' | 'a lookbehind';

/** Scans the pattern once, skipping escaped characters and character classes (`\\1`, `\(?=`, `[(?=]` are fine). */
function findUnsupported(source: string): Unsupported | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && ((next >= '1' && next <= '9') || (next === 'k' && source[i + 2] === '<'))) return 'a back-reference';
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
      // A ']' right after '[' or '[^' is a literal, not the end of the class.
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
    } else if (char === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return 'a lookahead';
      if (rest === '<=' || rest === '<!') return 'a lookbehind';
    }
  }
  return null;
}

const LOOKAROUND_HELP =
  're2 syntax: back-references and lookaround are not supported; match the surrounding text instead and capture the part you want with ( ), e.g. "Answer:\\s*(\\w+)" rather than "(?<=Answer: )\\w+"';

/** Compiles a student's pattern, or says in one sentence what is wrong and how to fix it. */
export function compileStudentPattern(source: string): PatternCheck {
  if (source.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      problem: `is ${source.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed. Match only the part of the answer you need, e.g. "(positive|negative)"`,
    };
  }
  const unsupported = findUnsupported(source);
  if (unsupported) return { ok: false, problem: `uses ${unsupported}: ${LOOKAROUND_HELP}` };
  let compiled: RE2JS;
  try {
    // translateRegExp accepts the JavaScript spellings students know: (?<name>...), \u0041, \/.
    compiled = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (error) {
    return { ok: false, problem: `is not a valid regular expression (re2 syntax): ${syntaxMessage(error)}` };
  }
  const size = compiled.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      problem: `is too large for the linear-time regular expression engine (program size ${size}; at most ${MAX_PROGRAM_SIZE}). Large repeat counts such as {100} copy what they repeat: use + or * instead, or a shorter pattern`,
    };
  }
  const maxTextLength = Math.floor(MATCH_WORK_BUDGET / Math.max(size, 1));
  return {
    ok: true,
    pattern: {
      source,
      maxTextLength,
      extract(text) {
        const seen = text.length > maxTextLength ? text.slice(0, maxTextLength) : text;
        // The automaton answers "no match" about ten times faster than a search that tracks groups.
        if (!compiled.test(seen)) return null;
        const match = compiled.exec(seen);
        if (!match) return null;
        // JavaScript semantics: group 1 when it took part in the match, else the whole match.
        return (match[1] as string | undefined) ?? (match[0] as string);
      },
    },
  };
}

function syntaxMessage(error: unknown): string {
  const message = error instanceof Error ? error.message.replace(/^error parsing regexp:\s*/, '') : String(error);
  // re2 refuses counts over 1000 outright; say what to do about it.
  if (/invalid repeat count/.test(message)) return `${message} (repeat counts may be at most 1000, nested ones multiply; use + or * instead)`;
  return message;
}
