// How staff views name a person: id, name, email, section (a missing account keeps its id).
import type { Accounts } from '../accounts/accounts.js';
import type { StudentRef } from '../core/staff-desk-api.js';

export function studentRefs(accounts: Accounts): (userId: string) => StudentRef {
  const seen = new Map<string, StudentRef>();
  return (userId) => {
    let ref = seen.get(userId);
    if (!ref) {
      const user = accounts.users.get(userId);
      ref = user ? { id: user.id, name: user.name, email: user.email, section: user.section } : { id: userId, name: userId, email: '', section: null };
      seen.set(userId, ref);
    }
    return ref;
  };
}
