// rubric-judge: a judge model scores an open-ended output (a summary, a rewrite, an explanation)
// against a rubric and an optional reference, on an integer scale, mapped to 0..1. Guarded: an
// output that addresses the grader scores 0 without being judged (judge/injection-guard.ts), the
// output reaches the judge only as escaped, delimited data (judge/quote-data.ts), and the answer is
// parsed strictly (judge/judge-answer.ts). A judge that fails leaves the case unscored (null) with
// a reason that says it is not the student's fault; the prompt and the answer are kept in the
// details so a re-grade or an appeal sees exactly what the judge saw and said.
import type { Evaluator, Score } from '../server/core/evaluator.js';
import { errorMessage } from '../server/core/errors.js';
import { JudgeFailed } from '../server/core/judge.js';
import type { JsonValue } from '../server/core/json.js';
import type { TaskCase } from '../server/core/task.js';
import { say } from '../server/shared/messages/say.js';
import { findGraderManipulation } from './judge/injection-guard.js';
import { parseJudgeAnswer, verdictScore } from './judge/judge-answer.js';
import { judgeMessages } from './judge/judge-prompt.js';
import { RubricJudgeParamsSchema, type RubricJudgeParams } from './judge/rubric.js';

const NAME = 'rubric-judge';

export const NOT_YOUR_FAULT = 'the judge model could not grade this case; this is not your program’s fault and the case is graded again later';

function caseInput(testCase: TaskCase): string {
  const entries = Object.entries(testCase.inputs);
  return entries.length === 1 ? entries[0]![1] : entries.map(([field, value]) => `${field}: ${value}`).join('\n');
}

function referenceOf(testCase: TaskCase, field: string): string | null {
  const value: JsonValue | undefined = field === 'expected' ? testCase.expected : (testCase.extra[field] ?? testCase.inputs[field]);
  if (typeof value === 'string' && value.trim()) return value;
  if (Array.isArray(value) && typeof value[0] === 'string' && value[0].trim()) return value[0];
  return null;
}

function judgeError(problem: string, details: Record<string, JsonValue> = {}): Score {
  return { name: NAME, score: null, details: { ...details, judgeError: problem, notYourFault: NOT_YOUR_FAULT, notYourFaultSaid: say('judge.not_your_fault') } };
}

export const rubricJudge: Evaluator<RubricJudgeParams> = {
  name: NAME,
  description:
    'A judge model (params.model, any configured text model) scores the output against a rubric of criteria on an integer scale, with an optional reference; mapped to 0..1. Outputs that address the grader score 0 unjudged.',
  params: RubricJudgeParamsSchema,
  judged: true,
  judgeModel: (params) => params.model,
  async score({ output, case: testCase, params, judge }) {
    if (!output.trim()) {
      const empty: Score = { name: NAME, score: 0, details: { reason: 'the output is empty', reasonSaid: say('judge.output_empty') } };
      return empty;
    }
    const manipulation = findGraderManipulation(output);
    if (manipulation) {
      return {
        name: NAME,
        score: 0,
        details: {
          guard: manipulation.rule,
          reason: `the output ${manipulation.description} ("${manipulation.excerpt}") instead of doing the task, so it scores 0 and was not sent to the judge`,
        },
      };
    }
    let reference: string | null = null;
    if (params.reference) {
      reference = referenceOf(testCase, params.reference);
      if (reference === null) return { name: NAME, score: null, details: { problem: `the case has no reference text in "${params.reference}"` } };
    }
    if (!judge) return judgeError('no judge model can be called here');
    const messages = judgeMessages(params, { input: caseInput(testCase), reference, output });
    const check = (text: string) => {
      const parsed = parseJudgeAnswer(text, params);
      return parsed.ok ? null : parsed.problem;
    };
    const request = { model: params.model, messages, maxTokens: params.maxTokens, check };
    const asked = { model: params.model, prompt: messages.map((m) => ({ role: m.role, content: m.content })) };
    let answer: string;
    try {
      answer = (await judge.ask(request)).text;
    } catch (error) {
      const seen: Record<string, JsonValue> = { ...asked };
      if (error instanceof JudgeFailed && error.answer !== null) seen.answer = error.answer;
      return judgeError(errorMessage(error), { judge: seen });
    }
    const parsed = parseJudgeAnswer(answer, params);
    if (!parsed.ok) return judgeError(parsed.problem, { judge: { ...asked, answer } });
    return {
      name: NAME,
      score: verdictScore(parsed.verdict, params),
      details: { criteria: parsed.verdict.scores, reason: parsed.verdict.reason, judge: { ...asked, answer } },
    };
  },
};
