// The web app shows the server's refusals and report lines by code in the student's language:
// an ApiError read from a body keeps `said`, the error box renders it in 中文 (or English), and a
// code this build does not know falls back to the server's English message.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/api-error.js';
import { ErrorBox } from '../../web/src/components/status.js';
import { I18nProvider, createI18n } from '../../web/src/i18n/i18n.js';

const body = {
  error: {
    code: 'submission_limit',
    message: 'you have used all 10 submissions for "Sentiment" today; the next one is possible at 00:00 UTC (in 2 h 30 min).',
    said: [{ code: 'limit.daily_submissions', params: { perDay: 10, task: 'Sentiment', resetsAt: '2026-03-03T00:00:00.000Z' } }],
  },
};

const box = (error: ApiError, locale: 'en' | 'zh-CN') =>
  renderToStaticMarkup(createElement(I18nProvider, { locale, children: createElement(ErrorBox, { error }) }));

describe('said in the web app', () => {
  it('an error body keeps its said; the error box shows it in Chinese', () => {
    const error = ApiError.fromBody(429, body);
    expect(error.said).toEqual(body.error.said);
    const html = box(error, 'zh-CN');
    expect(html).toContain('“Sentiment”今天的 10 次提交机会已经用完');
    expect(html).toContain('2026年3月');
    expect(html).not.toContain('you have used all');
  });

  it('the same error in English comes from the English catalogue', () => {
    const html = box(ApiError.fromBody(429, body), 'en');
    expect(html).toContain('You have used all 10 submissions for “Sentiment” today');
  });

  it('falls back to the message when a code is unknown or no said came', () => {
    const unknown = ApiError.fromBody(400, { error: { code: 'x', message: 'plain English', said: [{ code: 'not.a.code', params: {} }] } });
    expect(box(unknown, 'zh-CN')).toContain('plain English');
    const none = ApiError.fromBody(400, { error: { code: 'x', message: 'only English' } });
    expect(none.said).toEqual([]);
    expect(createI18n('zh-CN').said(none.said, none.message)).toBe('only English');
  });

  it('renders a report line (a study check) in Chinese', () => {
    const i18n = createI18n('zh-CN');
    expect(i18n.said([{ code: 'check.reflection', params: { words: 12, min: 50 } }], 'Reflection of 12 words')).toBe(
      '反思共 12 字（至少 50 字；由助教阅读，不自动评分）',
    );
  });
});
