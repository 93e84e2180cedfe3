// The one module that checks and runs a student's `answer.extract` (server and browser alike).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileStudentPattern, MATCH_WORK_BUDGET, MAX_PATTERN_LENGTH, type StudentPattern } from '../../server/shared/student-pattern.js';

function compiled(source: string): StudentPattern {
  const checked = compileStudentPattern(source);
  if (!checked.ok) throw new Error(checked.problem);
  return checked.pattern;
}

describe('compileStudentPattern', () => {
  it('keeps the JavaScript answers: first group when it took part, else the whole match, null without a match', () => {
    expect(compiled('answer is: (\\w+)').extract('The answer is: BAD (really)')).toBe('BAD');
    expect(compiled('\\d+').extract('about 42 apples')).toBe('42');
    expect(compiled('(x)?\\d+').extract('n=7')).toBe('7');
    expect(compiled('(?i)(positive|negative)').extract('Clearly NEGATIVE.')).toBe('NEGATIVE');
    expect(compiled('(\\d+)').extract('none')).toBeNull();
  });

  it('tells an escaped backslash, an escaped parenthesis or a class from a back-reference or lookaround', () => {
    expect(compiled('a\\\\1').extract('a\\1')).toBe('a\\1');
    expect(compiled('\\(?=').extract('x=')).toBe('=');
    expect(compiled('[(?=]+').extract('ab(?=')).toBe('(?=');
    expect(compiled('[\\]](\\d)').extract(']7')).toBe('7');
  });

  it('accepts the JavaScript spellings of named groups and escapes', () => {
    expect(compiled('(?<n>\\d+)\\/\\u0031').extract('3/1')).toBe('3');
  });

  it.each([
    ['(a)\\1', /^uses a back-reference: re2 syntax: back-references and lookaround are not supported; match the surrounding text/],
    ['(?<x>a)\\k<x>', /^uses a back-reference: re2 syntax/],
    ['(?=a)a', /^uses a lookahead: re2 syntax/],
    ['(?!a)b', /^uses a lookahead: re2 syntax/],
    ['(?<=Answer: )\\w+', /^uses a lookbehind: re2 syntax/],
    ['(?<!x)y', /^uses a lookbehind: re2 syntax/],
    ['(unclosed', /^is not a valid regular expression \(re2 syntax\): missing closing \)/],
    ['a{1001}', /invalid repeat count.*at most 1000/],
    ['(\\w*a){200}', /^is too large for the linear-time regular expression engine \(program size \d+; at most 500\)/],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), /^is 501 characters long; at most 500 are allowed/],
  ])('refuses %j and says how to fix it', (source, problem) => {
    const checked = compileStudentPattern(source);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toMatch(problem);
  });

  it('looks at a bounded start of the answer, the bound shrinking as the pattern grows', () => {
    const small = compiled('(a+)+$');
    const large = compiled('(.*a){60}$');
    expect(large.maxTextLength).toBeLessThan(small.maxTextLength);
    expect(large.maxTextLength * 300).toBeLessThanOrEqual(MATCH_WORK_BUDGET);
    // Past the bound the text is not seen: the "b" at the end of a very long answer is out of reach.
    const ab = compiled('a(b)');
    expect(ab.extract(`${'a'.repeat(ab.maxTextLength - 2)}ab`)).toBe('b');
    expect(ab.extract(`${'a'.repeat(ab.maxTextLength)}ab`)).toBeNull();
    expect(large.extract(`${'a'.repeat(large.maxTextLength)}!`)).toBe('a');
  });

  it('runs a catastrophic pattern on a long answer in milliseconds', () => {
    const pattern = compiled('(a|aa)+$');
    const started = performance.now();
    expect(pattern.extract(`${'a'.repeat(5000)}!`)).toBeNull();
    // Not a timing assert of the engine's speed, only that it is not exponential (seconds to years).
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('is the module the browser checks and previews the field with', () => {
    const source = readFileSync(path.resolve(import.meta.dirname, '../../web/src/text-playground/extract-field.tsx'), 'utf8');
    expect(source).toMatch(/import \{ compileStudentPattern \} from '\.\.\/\.\.\/\.\.\/server\/shared\/student-pattern\.js'/);
  });
});
