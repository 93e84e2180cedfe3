// First start: with no staff account the sandbox creates one and prints a one-time sign-in URL in
// the terminal, as Jupyter prints its token URL. Until some staff member has signed in, every start
// prints a fresh URL (voiding the previous one), so a lost terminal never locks staff out.
import type { AsyncPort } from '../core/async-port.js';
import type { Credentials } from './credentials.js';
import type { Users } from './users.js';

export const FIRST_STAFF_EMAIL = 'staff@localhost';
/** Long enough to survive a restart over a weekend; the code works once in any case. */
export const SIGN_IN_CODE_HOURS = 72;

export function signInUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/api/auth/one-time/${encodeURIComponent(code)}`;
}

/** The sign-in URL to print, or null when staff can already sign in on their own. */
export async function ensureFirstStaff(deps: {
  users: AsyncPort<Pick<Users, 'list' | 'staffHasSignedIn' | 'create'>>;
  credentials: AsyncPort<Pick<Credentials, 'issueSignInCode'>>;
  publicUrl: string;
}): Promise<string | null> {
  let staff = (await deps.users.list('staff'))[0];
  if (staff && (await deps.users.staffHasSignedIn())) return null;
  staff ??= await deps.users.create({ email: FIRST_STAFF_EMAIL, name: 'Course staff', role: 'staff' });
  return signInUrl(deps.publicUrl, await deps.credentials.issueSignInCode(staff.id, SIGN_IN_CODE_HOURS));
}
