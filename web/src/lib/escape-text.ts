// Separators and stop sequences are mostly invisible characters (newlines, tabs). One-line inputs
// show them as \n and \t and turn what is typed back into the real characters.

export function escapeVisible(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

export function unescapeVisible(value: string): string {
  return value.replace(/\\(\\|n|t|r)/g, (_whole, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char === 'r' ? '\r' : '\\'));
}
