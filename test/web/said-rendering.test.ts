// The web app shows the server's refusals and report lines by code in the student's language:
// an ApiError read from a body keeps `said`, which renders in 中文 (or English) from the shared
// catalogues, and a code this build does not know falls back to the server's English message.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/api-error.js';
import { saidText } from '../../web/src/i18n/said-text.js';

const body = {
  error: {
    code: 'submission_limit',
    message: 'you have used all 10 submissions for "Sentiment" today; the next one is possible at 00:00 UTC (in 2 h 30 min).',
    said: [{ code: 'limit.daily_submissions', params: { perDay: 10, task: 'Sentiment', resetsAt: '2026-03-03T00:00:00.000Z' } }],
  },
};

describe('said in the web app', () => {
  it('an error body keeps its said, which renders in Chinese in the reader time zone', () => {
    const error = ApiError.fromBody(429, body);
    expect(error.said).toEqual(body.error.said);
    const text = saidText(error.said, error.message, 'zh-CN', 'Asia/Shanghai');
    expect(text).toMatch(/^“Sentiment”今天的 10 次提交机会已经用完，下次可在 2026年3月3日.*08:00 提交。/);
    expect(text).not.toContain('you have used all');
  });

  it('the same error in English comes from the English catalogue', () => {
    const error = ApiError.fromBody(429, body);
    expect(saidText(error.said, error.message, 'en', 'UTC')).toMatch(
      /^You have used all 10 submissions for “Sentiment” today; the next one is possible at Tue, Mar 3, 2026, 12:00\sAM UTC\./,
    );
  });

  it('falls back to the message when a code is unknown, malformed or absent', () => {
    const unknown = ApiError.fromBody(400, { error: { code: 'x', message: 'plain English', said: [{ code: 'not.a.code', params: {} }] } });
    expect(saidText(unknown.said, unknown.message, 'zh-CN')).toBe('plain English');
    const malformed = ApiError.fromBody(400, { error: { code: 'x', message: 'still English', said: [{ code: 3 }, 'text'] } });
    expect(malformed.said).toEqual([]);
    expect(saidText(malformed.said, malformed.message, 'zh-CN')).toBe('still English');
  });

  it('renders a report line (a study check) in Chinese', () => {
    expect(saidText([{ code: 'check.reflection', params: { words: 12, min: 50 } }], 'Reflection of 12 words', 'zh-CN')).toBe(
      '反思共 12 字（至少 50 字；由助教阅读，不自动评分）',
    );
  });
});
