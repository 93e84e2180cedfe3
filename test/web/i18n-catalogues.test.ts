// Both catalogues must say the same things: same keys, same placeholders, nothing left empty or
// untranslated. (The type system already rejects a missing key; this also checks the values.)
import { describe, expect, it } from 'vitest';
import { formatMessage, placeholdersOf } from '../../web/src/i18n/format-message.js';
import { en } from '../../web/src/i18n/messages-en.js';
import { zhCN } from '../../web/src/i18n/messages-zh-cn.js';

describe('message catalogues', () => {
  it('have the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in every message', () => {
    const mismatched = Object.keys(en).filter(
      (key) => placeholdersOf(en[key as keyof typeof en]).join() !== placeholdersOf(zhCN[key as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty messages', () => {
    expect(Object.entries(en).filter(([, v]) => !v.trim())).toEqual([]);
    expect(Object.entries(zhCN).filter(([, v]) => !v.trim())).toEqual([]);
  });

  it('translate the Chinese catalogue (messages with letters in English are not left in English)', () => {
    // Identical values are fine for numbers-only or names ("Top p", "{used} / {total}"), not for sentences.
    const untranslated = Object.keys(en).filter((key) => {
      const value = en[key as keyof typeof en];
      return value === zhCN[key as keyof typeof en] && /[a-z]{3,}\s+[a-z]{3,}/i.test(value.replace(/\{\w+\}/g, ''));
    });
    expect(untranslated).toEqual([]);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{done} / {total}', { done: 3, total: 10 })).toBe('3 / 10');
    expect(formatMessage('hello {name}', {})).toBe('hello {name}');
    expect(formatMessage('{n|problem|problems}, {m|problem|problems}', { n: 1, m: 0 })).toBe('1 problem, 0 problems');
    expect(placeholdersOf('{n|problem|problems} and {k}')).toEqual(['k', 'n']);
    expect(formatMessage('no params {x}')).toBe('no params {x}');
  });
});
