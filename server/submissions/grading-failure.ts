// Whose fault a failed grading is, and what each reader is told. 'program': the student's program
// cannot be graded as written (invalid for the task, prompt too long, a refused pattern): it is not
// retried, counts against the daily limit, and the student's message says what to fix.
// 'infrastructure': anything else (provider down, the time budget, a crash, a storage fault): it is
// retried while attempts remain, never counts, and staff read the reason.
import { ProgramError, SandboxError, errorMessage } from '../core/errors.js';
import { describeStorageFault, isStorageFault } from '../storage/storage-fault.js';
import type { FailureKind } from '../core/api.js';

/** A grading ran longer than SANDBOX_GRADING_TIME_BUDGET_MS and was aborted. */
/** Why a grading failed: whose fault (`program` counts against the daily limit), the staff-visible reason, the student's message. */
export type GradingFailure = { kind: FailureKind; reason: string; message: string };

export class GradingTimeBudgetExceeded extends SandboxError {
  constructor(budgetMs: number) {
    super('grading_time_budget', `grading ran longer than its time budget of ${budgetMs} ms and was aborted`, { budgetMs });
  }
}

export const INFRASTRUCTURE_MESSAGE = 'grading failed on the server (the course staff can see why); this submission does not count against your daily limit';

export { describeStorageFault, isStorageFault };

export function classifyFailure(error: unknown, publicMessage: (error: unknown) => string): GradingFailure {
  if (error instanceof ProgramError) {
    return {
      kind: 'program',
      reason: `the program cannot be graded: ${firstLine(error.message)}`,
      message: `${publicMessage(error)}\nFix this in your program and submit again; this submission counts against your daily limit.`,
    };
  }
  if (error instanceof GradingTimeBudgetExceeded) return { kind: 'infrastructure', reason: error.message, message: INFRASTRUCTURE_MESSAGE };
  if (isStorageFault(error)) return { kind: 'infrastructure', reason: `storage fault: ${describeStorageFault(error)}`, message: INFRASTRUCTURE_MESSAGE };
  return {
    kind: 'infrastructure',
    reason: `grading crashed: ${error instanceof Error ? `${error.name}: ` : ''}${firstLine(errorMessage(error))}`,
    message: publicMessage(error),
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
