// Scripts the fake server to behave like a judge model: requests to the judge's model id are read
// the way a judge reads them (the quoted case input, reference and student output are decoded from
// their delimited blocks) and answered by the test's script; every other model answers as before.
// The script returns a verdict (sent as the JSON object a judge must answer) or raw text (for
// answers a strict parser must refuse).
import { readQuotedData } from '../../evaluators/judge/quote-data.js';
import { echoLastWord } from './model.js';
import type { FakeModelRequest } from './types.js';

export type JudgeSeen = {
  /** The decoded student output, or null when the prompt had no well-formed output block. */
  output: string | null;
  input: string | null;
  reference: string | null;
  /** Every message's content, joined: what the judge read. */
  prompt: string;
};

export type JudgeVerdictReply = { scores: Record<string, number>; reason: string };
export type JudgeScript = (seen: JudgeSeen) => JudgeVerdictReply | string;

export function readJudgeRequest(request: FakeModelRequest): JudgeSeen {
  const prompt = request.messages ? request.messages.map((m) => m.content).join('\n\n') : (request.prompt ?? '');
  return {
    output: readQuotedData(prompt, 'student_output'),
    input: readQuotedData(prompt, 'case_input'),
    reference: readQuotedData(prompt, 'reference'),
    prompt,
  };
}

/**
 * A `respond` for startFakeOpenAIServer: requests to the judge model that carry a student-output
 * block follow `script`; everything else (other models, or the same model answering a student's
 * prompt) follows `otherwise`.
 */
export function judgeResponder(options: {
  judgeModel: string;
  script: JudgeScript;
  otherwise?: (request: FakeModelRequest) => string;
}): (request: FakeModelRequest) => string {
  const otherwise = options.otherwise ?? echoLastWord;
  return (request) => {
    if (request.model !== options.judgeModel) return otherwise(request);
    const seen = readJudgeRequest(request);
    if (!seen.prompt.includes('<student_output>')) return otherwise(request);
    const reply = options.script(seen);
    return typeof reply === 'string' ? reply : JSON.stringify(reply);
  };
}

/** Every criterion the same score: a judge that grades everything alike. */
export function uniformVerdict(criteria: string[], score: number, reason = 'scripted verdict'): JudgeVerdictReply {
  return { scores: Object.fromEntries(criteria.map((name) => [name, score])), reason };
}
