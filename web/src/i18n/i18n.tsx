// The UI language: a typed catalogue per locale (a key missing from one is a type error), a `t`
// function, locale-aware number/date formatting, and `said`: sentences the server sent by code
// (server/shared/messages), rendered in this language, with the server's English as the fallback.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Locale } from '../../../server/core/api.js';
import type { Said } from '../../../server/shared/messages/say.js';
import { formatMessage, type MessageParams } from './format-message.js';
import { browserTimeZone, saidText } from './said-text.js';
import { en, type MessageKey } from './messages-en.js';
import { zhCN } from './messages-zh-cn.js';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export type I18n = {
  locale: Locale;
  t: (key: MessageKey, params?: MessageParams) => string;
  number: (value: number, digits?: number) => string;
  percent: (value: number, digits?: number) => string;
  date: (iso: string) => string;
  /** Server sentences by code in this language (dates in the browser's time zone); `fallback` when a code is unknown or none came. */
  said: (said: readonly Said[] | undefined, fallback: string) => string;
};

export function createI18n(locale: Locale): I18n {
  const messages = catalogues[locale];
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numberFormats.get(digits);
    if (!format) numberFormats.set(digits, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return format;
  };
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, params) => formatMessage(messages[key], params),
    number: (value, digits = 2) => numberFormat(digits).format(value),
    percent: (value, digits = 1) => `${numberFormat(digits).format(value * 100)}%`,
    date: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
    },
    said: (said, fallback) => saidText(said, fallback, locale, browserTimeZone()),
  };
}

const I18nContext = createContext<I18n>(createI18n('en'));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => createI18n(locale), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The locale to use before sign-in: what the browser last chose, else the browser's language. */
export function initialLocale(): Locale {
  const stored = window.localStorage.getItem('sandbox.locale');
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
