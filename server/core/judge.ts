// The judge port: how an evaluator asks a judge model (any configured text model) to grade an
// output. Evaluators may import only the core contract, so they receive a Judge in their input
// instead of reaching for models, the response cache or the usage ledger; grading builds it
// (server/grading/create-judge.ts) with the cache and the course's meter behind it.
import { SandboxError } from './errors.js';

export type JudgeMessage = { role: 'system' | 'user'; content: string };

export type JudgeRequest = {
  /** A configured text model id (models.yaml), set per task in the evaluator's params. */
  model: string;
  messages: JudgeMessage[];
  maxTokens: number;
  /**
   * The evaluator's strict reading of an answer: a problem, or null when it can be used. An answer
   * with a problem is a judge failure (JudgeFailed, with the answer in its details) and is never
   * cached, so a re-grade asks the judge again rather than reusing an unusable answer.
   */
  check?: (text: string) => string | null;
};

export type JudgeReply = {
  /** The judge model's raw answer, parsed strictly by the evaluator. */
  text: string;
  /** True when the answer came from the response cache (a re-grade sees the same answer). */
  cached: boolean;
  usage: { promptTokens: number; completionTokens: number };
};

export interface Judge {
  /** Rejects with JudgeFailed when the judge model cannot be reached or used. */
  ask(request: JudgeRequest): Promise<JudgeReply>;
}

/**
 * The judge could not grade (its model is missing, down, or answered something unparsable). Never
 * the student's fault: the case is unscored, and a submission's grading is retried later.
 */
export class JudgeFailed extends SandboxError {
  /** What the judge answered, when it answered something unusable. */
  readonly answer: string | null;
  constructor(message: string, answer: string | null = null) {
    super('judge_failed', message, answer === null ? undefined : { answer });
    this.answer = answer;
  }
}
