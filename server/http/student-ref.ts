// How staff views name a person: id, name, email, section (a missing account keeps its id).
// The accounts are read once per view (one query for the whole list, whichever database), then
// every row is named from memory: a staff page of a thousand rows is not a thousand round trips.
import type { Accounts } from '../accounts/accounts.js';
import type { StudentRef } from '../core/staff-desk-api.js';

export async function studentRefs(accounts: Accounts): Promise<(userId: string) => StudentRef> {
  const byId = new Map((await accounts.users.list()).map((user) => [user.id, user]));
  return (userId) => {
    const user = byId.get(userId);
    return user ? { id: user.id, name: user.name, email: user.email, section: user.section } : { id: userId, name: userId, email: '', section: null };
  };
}
