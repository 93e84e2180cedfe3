// Fills `{name}` placeholders in a catalogue string. Unknown placeholders stay visible, so a
// missing parameter shows up on screen in development instead of silently vanishing.
export type MessageParams = Record<string, string | number>;

export function formatMessage(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The placeholder names a catalogue string uses (for the completeness test). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
