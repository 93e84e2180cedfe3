// Fills `{name}` placeholders in a catalogue string. Unknown placeholders stay visible, so a
// missing parameter shows up on screen in development instead of silently vanishing.
export type MessageParams = Record<string, string | number>;

// `{name}` is the value; `{name|one|other}` is the value and a noun chosen by it ("1 problem",
// "2 problems"), for languages that inflect (English). A catalogue without plurals (Chinese) uses
// plain `{name}`.
const PLACEHOLDER = /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g;

export function formatMessage(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string, one: string | undefined, other: string | undefined) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    if (one === undefined || other === undefined) return String(value);
    return `${value} ${Number(value) === 1 ? one : other}`;
  });
}

/** The placeholder names a catalogue string uses (for the completeness test). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort();
}
