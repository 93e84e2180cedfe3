// `sandbox serve --role`: all (the default, today's one process) or web; anything else is a usage
// error naming the flag, before anything starts.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../server/cli/args.js';
import { parseServeFlags } from '../../server/cli/commands/serve.js';

describe('sandbox serve --role', () => {
  it('defaults to all and accepts web', () => {
    expect(parseServeFlags([])).toEqual({ role: 'all' });
    expect(parseServeFlags(['--role', 'web'])).toEqual({ role: 'web' });
    expect(parseServeFlags(['--role=all'])).toEqual({ role: 'all' });
  });

  it('refuses another role or a stray argument with the usage', () => {
    expect(() => parseServeFlags(['--role', 'worker'])).toThrow(UsageError);
    expect(() => parseServeFlags(['--role', 'worker'])).toThrow(/--role: .*\n\nUsage: sandbox serve \[--role all\|web\]/s);
    expect(() => parseServeFlags(['web'])).toThrow(/unexpected argument "web"/);
  });
});
