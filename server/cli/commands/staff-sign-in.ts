// `sandbox staff sign-in [--email <email>] [--name <name>]`: prints a one-time staff sign-in URL
// from the shell, for a new staff member or one whose session expired before they made a personal
// token. Whoever can run commands on the server can sign in as staff: that is the trust model.
import { z } from 'zod';
import { createAccounts } from '../../accounts/accounts.js';
import { SIGN_IN_CODE_HOURS, signInUrl } from '../../accounts/first-staff.js';
import { systemClock } from '../../clock.js';
import type { Config } from '../../config.js';
import { openStores } from '../../storage/open-stores.js';
import { SandboxError } from '../../core/errors.js';
import { parseFlags } from '../args.js';
import { baseUrl } from '../base-url.js';
import type { Output } from '../output.js';

export const staffSignInUsage = `Usage: sandbox staff sign-in [--email <email>] [--name <name>]

Prints a one-time sign-in URL for a staff account (valid once, for ${SIGN_IN_CODE_HOURS} hours). With --email, that
account (created as staff when it does not exist yet); without, the first staff account.`;

const FlagsSchema = z.object({ email: z.email().optional(), name: z.string().min(1).max(200).optional() }).strict();

export async function runStaffSignIn(
  argv: string[],
  config: Pick<Config, 'database' | 'quotas' | 'publicUrl' | 'host' | 'port' | 'sessionDays'>,
  output: Output,
): Promise<number> {
  const { flags } = parseFlags(argv, { email: { type: 'string' }, name: { type: 'string' } }, FlagsSchema, staffSignInUsage);
  // The same settings as `sandbox serve` (environment and .env): say which database, so a link
  // that does not work is traced to a different SANDBOX_DATA_DIR at once.
  output.err(`using the database ${config.database.kind === 'sqlite' ? config.database.path : 'on PostgreSQL (DATABASE_URL)'}`);
  const stores = await openStores(config.database, { clock: systemClock, quotas: config.quotas, sessionDays: config.sessionDays });
  try {
    const accounts = createAccounts(stores, systemClock, { changeVersion: null });
    let user = flags.email ? await accounts.users.byEmail(flags.email) : ((await accounts.users.list('staff'))[0] ?? null);
    if (user && user.role !== 'staff')
      throw new SandboxError('not_staff', `${user.email} is a student account; give the email of a staff member, or a new one`);
    if (!user) {
      if (!flags.email)
        throw new SandboxError('no_staff', `there is no staff account yet: start the server once (it prints a link), or give --email\n\n${staffSignInUsage}`);
      user = await accounts.users.create({ email: flags.email, name: flags.name ?? flags.email.split('@')[0]!, role: 'staff' });
      output.err(`created staff account ${user.email}`);
    }
    const code = await accounts.credentials.issueSignInCode(user.id, SIGN_IN_CODE_HOURS);
    output.out(signInUrl(baseUrl(config, config.port), code));
    return 0;
  } finally {
    await stores.close();
  }
}
