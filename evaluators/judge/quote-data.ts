// Puts text into the judge's prompt as inert, delimited data. The text is written as a JSON string
// literal with every "<", ">" and "&" escaped (\u003c, \u003e, \u0026), so whatever a student's
// output contains it cannot form a tag: it can never close its own delimiter or open a fake one.
// The judge is told the block is a JSON string to read, not instructions to follow.

/** Tag names the judge prompt uses; each block is `<name>` + JSON string literal + `</name>`. */
export type DataTag = 'student_output' | 'case_input' | 'reference';

/** A JSON string literal that contains no "<", ">" or "&" character. */
export function escapeAsData(text: string): string {
  return JSON.stringify(text).replace(/[<>&]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function quoteAsData(tag: DataTag, text: string): string {
  return `<${tag}>\n${escapeAsData(text)}\n</${tag}>`;
}

/** Reads a block back (tests and the scripted judge): the JSON string between the tags, decoded. */
export function readQuotedData(prompt: string, tag: DataTag): string | null {
  const open = `<${tag}>\n`;
  const start = prompt.indexOf(open);
  if (start < 0) return null;
  const end = prompt.indexOf(`\n</${tag}>`, start + open.length);
  if (end < 0) return null;
  const literal = prompt.slice(start + open.length, end);
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
