// Terminal output helpers: colour only when writing to a terminal, so logs and CI stay plain.
export type Output = { out: (line?: string) => void; err: (line?: string) => void; color: boolean };

export function createOutput(options: { noColor: boolean }, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Output {
  return {
    out: (line = '') => void stdout.write(`${line}\n`),
    err: (line = '') => void stderr.write(`${line}\n`),
    color: Boolean(stdout.isTTY) && !options.noColor,
  };
}

export function paint(output: Output, code: 'red' | 'green' | 'yellow' | 'dim' | 'bold', text: string): string {
  if (!output.color) return text;
  const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
  return `\u001b[${codes[code]}m${text}\u001b[0m`;
}

export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
