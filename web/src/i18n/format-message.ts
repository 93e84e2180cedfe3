// Fills `{name}` placeholders in a UI catalogue string. The syntax (`{name}`, and
// `{name|one|other}` for English plurals) is the one the server's message catalogues use, so the
// filling lives once, in server/shared/messages/fill-placeholders.ts.
import { fillPlaceholders, placeholderNames } from '../../../server/shared/messages/fill-placeholders.js';

export type MessageParams = Record<string, string | number>;

export function formatMessage(template: string, params?: MessageParams): string {
  return fillPlaceholders(template, params);
}

/** The placeholder names a catalogue string uses (for the completeness test). */
export function placeholdersOf(template: string): string[] {
  return placeholderNames(template);
}
