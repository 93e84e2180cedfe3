// A said sentence (`{ code, params }`) in a reader's language: the catalogue's text with each
// parameter formatted by its kind (numbers, percentages, dates in the reader's time zone). A code
// this build does not know renders as null, so callers fall back to the server's English message.
import { catalogueEn } from './catalogue-en.js';
import { catalogueZhCN } from './catalogue-zh-cn.js';
import { fillPlaceholders } from './fill-placeholders.js';
import { formatDate, formatDuration, formatNumber, formatPercent, type MessageLocale } from './locale-formats.js';
import { isMessageCode, MESSAGE_CODES, type MessageCode, type ParamKind } from './message-codes.js';
import type { Said } from './say.js';

export const catalogues: Record<MessageLocale, Record<MessageCode, string>> = { en: catalogueEn, 'zh-CN': catalogueZhCN };

export type RenderOptions = { timeZone?: string };

function formatParam(kind: ParamKind | undefined, value: string | number, locale: MessageLocale, options: RenderOptions): string {
  if (kind === 'number' && typeof value === 'number') return formatNumber(value, locale);
  if (kind === 'percent' && typeof value === 'number') return formatPercent(value, locale);
  if (kind === 'duration' && typeof value === 'number') return formatDuration(value, locale);
  if (kind === 'date' && typeof value === 'string') return formatDate(value, locale, options.timeZone);
  return String(value);
}

/** The sentence in `locale`, or null for a code this build does not know. */
export function renderMessage(said: Said, locale: MessageLocale, options: RenderOptions = {}): string | null {
  if (!isMessageCode(said.code)) return null;
  const kinds = MESSAGE_CODES[said.code] as Record<string, ParamKind>;
  return fillPlaceholders(catalogues[locale][said.code], said.params, (name, value) => formatParam(kinds[name], value, locale, options));
}

/** Several said sentences as lines; null when any is unknown (the caller shows the English message whole). */
export function renderSaid(said: readonly Said[], locale: MessageLocale, options: RenderOptions = {}): string[] | null {
  const lines = said.map((one) => renderMessage(one, locale, options));
  return lines.every((line): line is string => line !== null) ? lines : null;
}
