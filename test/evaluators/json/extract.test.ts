import { describe, expect, it } from 'vitest';
import { closingBracket, extractJson } from '../../../evaluators/json/extract.js';

describe('extractJson', () => {
  it('parses the whole output when it is JSON', () => {
    expect(extractJson('  {"a": [1, 2]}\n')).toEqual({ ok: true, value: { a: [1, 2] }, from: 'whole' });
    expect(extractJson('42')).toEqual({ ok: true, value: 42, from: 'whole' });
  });

  it('prefers a fenced block, with or without a language tag', () => {
    expect(extractJson('Result:\n```json\n{"a": 1}\n```')).toMatchObject({ value: { a: 1 }, from: 'fence' });
    expect(extractJson('```\n[1]\n```')).toMatchObject({ value: [1], from: 'fence' });
  });

  it('finds the first balanced object or array that parses, skipping brackets in strings', () => {
    expect(extractJson('Answer: {"text": "a } b", "n": 1}. Done')).toMatchObject({ value: { text: 'a } b', n: 1 } });
    expect(extractJson('see [note] then {"a": 1}')).toMatchObject({ value: { a: 1 }, from: 'embedded' });
  });

  it('keeps Chinese and full-width text in values unchanged', () => {
    expect(extractJson('结果：{"城市": "北京"}。')).toMatchObject({ value: { 城市: '北京' } });
  });

  it('fails on text without JSON', () => {
    expect(extractJson('')).toEqual({ ok: false });
    expect(extractJson('no json {here')).toEqual({ ok: false });
  });
});

describe('closingBracket', () => {
  it('finds the matching bracket or -1 when unbalanced or mismatched', () => {
    expect(closingBracket('{"a": [1, "]"]} tail', 0)).toBe(14);
    expect(closingBracket('{"a": 1', 0)).toBe(-1);
    expect(closingBracket('{]', 0)).toBe(-1);
  });
});
