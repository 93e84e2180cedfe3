// `sandbox extensions grant|list|revoke`: per-student extensions from the shell, on the same
// database as the server (a running server sees a change at the student's next request). Every
// change is audited with "cli:<os user>" as who; the lateness of the student's submissions on the
// task is recomputed at once, never their grade.
import os from 'node:os';
import { z } from 'zod';
import { createAccounts } from '../../accounts/accounts.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { Clock } from '../../clock.js';
import { SandboxError } from '../../core/errors.js';
import { TaskIdSchema } from '../../core/task.js';
import { createDeadlines } from '../../deadlines/deadlines.js';
import { formatInZone } from '../../shared/late-policy.js';
import type { Stores } from '../../storage/stores.js';
import { parseFlags, UsageError } from '../args.js';
import type { Output } from '../output.js';

export const extensionsUsage = `Usage:
  sandbox extensions grant --email <student> --task <id> --due <ISO date-time with offset> [--cutoff <ISO>] [--note <text>]
  sandbox extensions list [--task <id>] [--email <student>] [--audit]
  sandbox extensions revoke --email <student> --task <id>

Dates are ISO 8601 with their offset, e.g. 2027-01-25T23:59:00-08:00. Without --cutoff the task's late
window is kept (the cutoff moves by as much as the due date). Every change is recorded with who and when.`;

const iso = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time with its offset, like 2027-01-25T23:59:00-08:00' });
const GrantSchema = z
  .object({ email: z.email(), task: TaskIdSchema, due: iso, cutoff: iso.optional(), note: z.string().max(500).optional() })
  .strict()
  .refine((f) => f.cutoff === undefined || Date.parse(f.cutoff) >= Date.parse(f.due), {
    message: 'the cutoff must not be before the new due date',
    path: ['cutoff'],
  });
const ListSchema = z.object({ email: z.email().optional(), task: TaskIdSchema.optional(), audit: z.boolean().optional() }).strict();
const RevokeSchema = z.object({ email: z.email(), task: TaskIdSchema }).strict();

export type ExtensionsCommandDeps = { stores: Stores; catalog: Catalog; clock: Clock; actor?: string };

export async function runExtensions(argv: string[], deps: ExtensionsCommandDeps, output: Output): Promise<number> {
  const [sub, ...rest] = argv;
  const { stores, catalog, clock } = deps;
  const actor = deps.actor ?? `cli:${os.userInfo().username}`;
  const accounts = createAccounts(stores, clock, { changeVersion: null });
  const deadlines = createDeadlines({ catalog, submissions: stores.submissions, extensions: stores.extensions, clock });
  const student = async (email: string) => {
    const user = await accounts.users.byEmail(email);
    if (!user) throw new SandboxError('not_found', `no account with the email ${email}; import the roster first`);
    return user;
  };
  const show = (taskId: string, when: string | null) => (when ? `${formatInZone(when, catalog.deadline(taskId).timeZone, 'en-US')} (${when})` : 'none');

  switch (sub) {
    case 'grant': {
      const { flags } = parseFlags(
        rest,
        { email: { type: 'string' }, task: { type: 'string' }, due: { type: 'string' }, cutoff: { type: 'string' }, note: { type: 'string' } },
        GrantSchema,
        extensionsUsage,
      );
      const user = await student(flags.email);
      const task = catalog.task(flags.task);
      await deadlines.grant({ userId: user.id, taskId: task.id, due: flags.due, cutoff: flags.cutoff ?? null, note: flags.note ?? null }, actor);
      const effective = await deadlines.forStudent(user.id, task.id);
      output.out(
        `extension for ${user.email} on ${task.id}: due ${show(task.id, effective.due)}, cutoff ${show(task.id, effective.cutoff)} (recorded as ${actor})`,
      );
      return 0;
    }
    case 'list': {
      const { flags } = parseFlags(rest, { email: { type: 'string' }, task: { type: 'string' }, audit: { type: 'boolean' } }, ListSchema, extensionsUsage);
      const filter = { ...(flags.email ? { userId: (await student(flags.email)).id } : {}), ...(flags.task ? { taskId: flags.task } : {}) };
      const emails = new Map((await accounts.users.list()).map((user) => [user.id, user.email]));
      const email = (userId: string) => emails.get(userId) ?? userId;
      if (flags.audit) {
        for (const entry of await deadlines.extensions.audit(filter)) {
          output.out(
            [entry.at, entry.action, email(entry.userId), entry.taskId, entry.due ?? '', entry.cutoff ?? '', entry.actor, entry.note ?? ''].join('\t'),
          );
        }
        return 0;
      }
      const list = await deadlines.extensions.list(filter);
      if (!list.length) output.err('no extensions');
      for (const e of list)
        output.out(
          [email(e.userId), e.taskId, `due ${e.due}`, `cutoff ${e.cutoff ?? '(late window kept)'}`, `by ${e.grantedBy} at ${e.grantedAt}`, e.note ?? ''].join(
            '\t',
          ),
        );
      return 0;
    }
    case 'revoke': {
      const { flags } = parseFlags(rest, { email: { type: 'string' }, task: { type: 'string' } }, RevokeSchema, extensionsUsage);
      const user = await student(flags.email);
      if (!(await deadlines.revoke(user.id, flags.task, actor))) throw new SandboxError('not_found', `${user.email} has no extension on ${flags.task}`);
      output.out(`revoked the extension of ${user.email} on ${flags.task} (recorded as ${actor})`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "extensions ${sub ?? ''}"\n\n${extensionsUsage}`);
  }
}
