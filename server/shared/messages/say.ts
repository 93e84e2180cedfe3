// A sentence the server says, as data: a stable code and its parameters, rendered later in the
// reader's language (render-message.ts). `say` is typed so a wrong or missing parameter is a
// type error where the sentence is said, not a blank on a student's screen.
import type { MessageCode, ParamsOf } from './message-codes.js';

export type SaidParams = Record<string, string | number>;
/** What travels (JSON): the code stays a string so a newer server's code reaches an older web app. */
export type Said = { code: string; params: SaidParams };

export function say<C extends MessageCode>(code: C, ...params: keyof ParamsOf<C> extends never ? [] : [ParamsOf<C>]): Said {
  return { code, params: { ...(params[0] ?? {}) } as SaidParams };
}
