import { describe, expect, it } from 'vitest';
import { includes } from '../../evaluators/includes.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

describe('includes', () => {
  it('finds the expected text inside prose, case-insensitively by default', async () => {
    expect(await scoreOf(includes, 'The capital is PARIS, of course.', 'paris')).toBe(1);
    expect(await scoreOf(includes, 'The capital is PARIS.', 'paris', { params: { caseSensitive: true } })).toBe(0);
  });

  it('collapses whitespace so line breaks inside the answer still match', async () => {
    expect(await scoreOf(includes, 'It is New\n   York.', 'new york')).toBe(1);
  });

  it('applies NFKC to full-width text and keeps accents significant', async () => {
    expect(await scoreOf(includes, 'ＰＡＲＩＳ is nice', 'paris')).toBe(1);
    expect(await scoreOf(includes, 'Un café au lait', 'CAFÉ')).toBe(1);
    expect(await scoreOf(includes, 'Un café au lait', 'cafe')).toBe(0);
  });

  it('finds Chinese text', async () => {
    expect(await scoreOf(includes, '答案是北京。', '北京')).toBe(1);
    expect(await scoreOf(includes, '答案是北京。', '南京')).toBe(0);
  });

  it('needs any one of a list by default and every one with all: true', async () => {
    const output = 'Paris and Berlin.';
    expect(await scoreOf(includes, output, ['Paris', 'London'])).toBe(1);
    const result = await scoreWith(includes, output, ['Paris', 'London'], { params: { all: true } });
    expect(result).toEqual({ name: 'includes', score: 0, details: { found: ['Paris'], missing: ['London'] } });
    expect(await scoreOf(includes, output, ['paris', 'berlin'], { params: { all: true } })).toBe(1);
  });

  it('scores an empty output 0', async () => {
    expect(await scoreOf(includes, '', 'Paris')).toBe(0);
  });

  it('refuses an empty expected string, which every output would contain', async () => {
    expect(includes.checkExpected?.('', { caseSensitive: false, all: false })).toBe('"expected" must not be or contain an empty string');
    expect(includes.checkExpected?.(['Paris', ' '], { caseSensitive: false, all: false })).toMatch(/empty string/);
    expect(await scoreOf(includes, 'anything', '')).toBeNull();
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(includes, { all: 'yes' })).toMatch(/expected boolean[\s\S]*all/);
    expect(paramsProblem(includes, { any: true })).toContain('Unrecognized key: "any"');
  });
});
