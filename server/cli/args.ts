// Flags are parsed with node:util (no dependency) and validated with zod, so a bad flag gets the
// same kind of precise message as a bad task file.
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { SandboxError } from '../core/errors.js';

export class UsageError extends SandboxError {
  constructor(message: string) {
    super('usage', message);
  }
}

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export function parseFlags<S extends z.ZodType>(argv: string[], spec: FlagSpec, schema: S, usage: string): { flags: z.infer<S>; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new UsageError(`${problems.join('\n')}\n\n${usage}`);
  }
  return { flags: result.data, positionals: parsed.positionals };
}
