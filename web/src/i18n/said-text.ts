// The server's sentences by code (server/shared/messages) as text in the UI language, or the
// server's English message when none came or a code is unknown to this build. Pure, so the error
// box, the report and the checklist (and their tests) share one rule for the fallback.
import type { Locale } from '../../../server/core/api.js';
import { renderSaid } from '../../../server/shared/messages/render-message.js';
import type { Said } from '../../../server/shared/messages/say.js';

export function saidText(said: readonly Said[] | undefined, fallback: string, locale: Locale, timeZone?: string): string {
  if (!said?.length) return fallback;
  return renderSaid(said, locale, timeZone ? { timeZone } : {})?.join('\n') ?? fallback;
}

/** The reader's time zone, for dates the server sends as instants. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
