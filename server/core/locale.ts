// The languages a student may read the sandbox in, and staff-written text given per language
// (task titles, descriptions, reflection questions...). A plain string in a task file stays valid:
// it is the English text. Every other language falls back to English, and says so.
import { z } from 'zod';

export const LocaleSchema = z.enum(['en', 'zh-CN']);
export type Locale = z.infer<typeof LocaleSchema>;
export const LOCALES: readonly Locale[] = LocaleSchema.options;
/** The language every task is written in first; the fallback of every other one. */
export const SOURCE_LOCALE: Locale = 'en';

/** Text per language after loading: English always, the others when staff wrote them. */
export type LocalizedText = { en: string } & Partial<Record<Exclude<Locale, 'en'>, string>>;

/**
 * `title: Sentiment` or `title: { en: Sentiment, zh-CN: 情感分类 }`, normalized to the second
 * form. `allowEmpty` for keys whose empty English text means "not given" (a description).
 */
export function localizedTextSchema(options: { allowEmpty?: boolean } = {}) {
  const text = options.allowEmpty ? z.string() : z.string().min(1);
  return z
    .union([text, z.object({ en: text, 'zh-CN': z.string().min(1).optional() }).strict()])
    .transform((value): LocalizedText => (typeof value === 'string' ? { en: value } : value));
}

/** The text in the asked language when there is one, else English; `locale` says which it is. */
export function localize(text: LocalizedText, locale: Locale): { text: string; locale: Locale } {
  const wanted = text[locale as Exclude<Locale, 'en'>];
  return locale !== SOURCE_LOCALE && wanted ? { text: wanted, locale } : { text: text.en, locale: SOURCE_LOCALE };
}
