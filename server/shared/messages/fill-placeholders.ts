// Fills `{name}` placeholders in a catalogue string (shared by the server's catalogues and the web
// app's UI catalogues, so both agree on the syntax). Unknown placeholders stay visible, so a
// missing parameter shows up on screen in development instead of silently vanishing.
// `{name}` is the value; `{name|one|other}` is the value and a noun chosen by it ("1 problem",
// "2 problems"), for languages that inflect (English). Chinese uses plain `{name}`.

export type FillParams = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g;

/** `shown` gives the text of a value (already formatted per locale); the plural choice uses the raw value. */
export function fillPlaceholders(template: string, params?: FillParams, shown: (name: string, value: string | number) => string = (_, v) => String(v)): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string, one: string | undefined, other: string | undefined) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    const text = shown(name, value);
    if (one === undefined || other === undefined) return text;
    return `${text} ${Number(value) === 1 ? one : other}`;
  });
}

/** The placeholder names a catalogue string uses, sorted and without repeats (for the completeness tests). */
export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}
