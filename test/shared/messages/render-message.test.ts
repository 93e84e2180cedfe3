// Rendering a said sentence: parameters filled and formatted per locale (numbers, percentages,
// dates in the reader's time zone, durations), plurals in English, and null for unknown codes.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatNumber, formatPercent } from '../../../server/shared/messages/locale-formats.js';
import { renderMessage, renderSaid } from '../../../server/shared/messages/render-message.js';
import { say } from '../../../server/shared/messages/say.js';

describe('renderMessage', () => {
  it('fills parameters in English and in Chinese', () => {
    const said = say('limit.in_flight', { running: 3, max: 2 });
    expect(renderMessage(said, 'en')).toBe('You already have 3 model requests running (at most 2 at a time); wait for one to finish.');
    expect(renderMessage(said, 'zh-CN')).toBe('你已有 3 个模型请求正在运行（同时最多 2 个），请等其中一个结束。');
  });

  it('chooses the English plural by the value, and Chinese has none', () => {
    expect(renderMessage(say('check.reflection', { words: 1, min: 50 }), 'en')).toMatch(/^Reflection of 1 word \(/);
    expect(renderMessage(say('check.reflection', { words: 1234, min: 50 }), 'en')).toMatch(/^Reflection of 1,234 words \(/);
    expect(renderMessage(say('check.reflection', { words: 7, min: 50 }), 'zh-CN')).toMatch(/^反思共 7 字/);
  });

  it('formats a date parameter in the reader language and the given time zone', () => {
    const said = say('limit.daily_submissions', { perDay: 5, task: 'Sentiment', resetsAt: '2026-12-02T00:00:00.000Z' });
    const en = renderMessage(said, 'en', { timeZone: 'Asia/Shanghai' })!;
    const zh = renderMessage(said, 'zh-CN', { timeZone: 'Asia/Shanghai' })!;
    expect(en).toContain('Dec 2, 2026');
    expect(en).toContain('8:00');
    expect(zh).toContain('2026年12月2日');
    expect(zh).toContain('08:00');
    expect(zh).toContain('“Sentiment”今天的 5 次提交机会');
  });

  it('formats percentages and numbers per parameter kind', () => {
    const said = say('gradescope.metric', { aggregate: 'accuracy', metric: 0.875, points: 7.5, maxPoints: 10, baseline: 0.5, target: 0.9 });
    expect(renderMessage(said, 'en')).toContain('Metric (accuracy): 87.5%. Points: 7.5 of 10 (0 points at 50% or below, full points at 90% or above');
    expect(renderMessage(said, 'zh-CN')).toContain('指标（accuracy）：87.5%。得分：7.5 / 10');
  });

  it('returns null for a code it does not know, so the caller can fall back to the message', () => {
    expect(renderMessage({ code: 'from.a.newer.server', params: {} }, 'zh-CN')).toBeNull();
    expect(renderSaid([say('auth.forbidden'), { code: 'nope', params: {} }], 'en')).toBeNull();
    expect(renderSaid([say('auth.forbidden')], 'zh-CN')).toEqual(['只有课程助教可以使用此功能。']);
  });
});

describe('locale formats', () => {
  it('numbers and percentages', () => {
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(1234567.891, 'zh-CN')).toBe('1,234,567.89');
    expect(formatPercent(0.125, 'en')).toBe('12.5%');
    expect(formatPercent(0.125, 'zh-CN')).toBe('12.5%');
    expect(formatPercent(1, 'en')).toBe('100%');
  });

  it('dates differ by locale and follow the time zone', () => {
    const iso = '2026-03-01T23:30:00Z';
    expect(formatDate(iso, 'en', 'UTC')).toMatch(/^Sun, Mar 1, 2026, 11:30\sPM UTC$/);
    expect(formatDate(iso, 'zh-CN', 'Asia/Shanghai')).toMatch(/^2026年3月2日周一.*07:30$/);
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });

  it('durations', () => {
    expect(formatDuration(125 * 60_000, 'en')).toBe('2 h 5 min');
    expect(formatDuration((26 * 60 + 1) * 60_000, 'zh-CN')).toBe('1 天 2 小时');
    expect(formatDuration(90 * 60_000, 'zh-CN')).toBe('1 小时 30 分钟');
    expect(formatDuration(10_000, 'en')).toBe('1 min');
  });
});
