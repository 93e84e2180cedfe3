import { describe, expect, it } from 'vitest';
import { label } from '../../evaluators/label.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const labels = ['positive', 'negative'];

describe('label', () => {
  it('matches labels ignoring case, whitespace and trailing punctuation', async () => {
    expect(await scoreOf(label, 'Positive', 'positive')).toBe(1);
    expect(await scoreOf(label, '  positive. \n', 'positive')).toBe(1);
  });

  it('matches full-width, accented and Chinese labels', async () => {
    expect(await scoreOf(label, 'ｐｏｓｉｔｉｖｅ', 'positive')).toBe(1);
    expect(await scoreOf(label, 'Ne\u0301gatif', 'négatif')).toBe(1);
    expect(await scoreOf(label, '正面。', '正面')).toBe(1);
    expect(await scoreOf(label, '负面', '正面')).toBe(0);
  });

  it('scores wrong and empty predictions 0', async () => {
    expect(await scoreOf(label, 'negative', 'positive')).toBe(0);
    expect(await scoreOf(label, '', 'positive')).toBe(0);
    expect(await scoreOf(label, 'positive or negative', 'positive')).toBe(0);
  });

  it('tells whether the prediction is a known label', async () => {
    expect(await scoreWith(label, 'Maybe', 'positive', { params: { labels } })).toEqual({
      name: 'label',
      score: 0,
      details: { predicted: 'maybe', knownLabel: false },
    });
    expect((await scoreWith(label, 'NEGATIVE', 'positive', { params: { labels } })).details).toEqual({
      predicted: 'negative',
      knownLabel: true,
    });
  });

  it('checks that expected is one of the allowed labels', async () => {
    expect(label.checkExpected?.('neutral', { labels })).toBe('"expected" must be one of positive, negative, got "neutral"');
    expect(label.checkExpected?.('Positive', { labels })).toBeNull();
    expect(label.checkExpected?.(1, {})).toBe('"expected" must be a label string, got 1');
    expect(await scoreOf(label, 'neutral', 'neutral', { params: { labels } })).toBeNull();
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(label, { labels: [] })).toContain('labels must list at least one label');
    expect(paramsProblem(label, { labels: 'positive' })).toMatch(/expected array[\s\S]*labels/);
    expect(paramsProblem(label, { label: ['a'] })).toContain('Unrecognized key: "label"');
  });
});
