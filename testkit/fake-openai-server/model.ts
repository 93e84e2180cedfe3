// The deterministic "model" behind the fake server: tokenization, the default answer, the
// designed log-probabilities and the stop/max-token cuts. Pure functions of the request.
import type { FakeLogprobContext, FakeModelRequest } from './types.js';

export const DESIGNED_LOGPROB = -0.1;
export const OTHER_LOGPROB = -5;
export const DEFAULT_FAKE_MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'davinci-002', 'babbage-002'];
/** Fixed so that responses are byte-for-byte reproducible. */
export const FAKE_CREATED = 1_700_000_000;
/** How far back the default logprob looks for the start of a designed answer (completions). */
const ANSWER_LOOKBACK = 16;

/** Whitespace-split pieces that keep their leading whitespace, like BPE: "a b\nc" -> a, " b", "\nc". */
export function fakeTokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** Prompt tokens the server reports: fake tokens of the prompt, or of every message's content. */
export function fakePromptTokens(request: FakeModelRequest): number {
  if (request.messages) return request.messages.reduce((n, m) => n + fakeTokenize(m.content).length, 0);
  return fakeTokenize(request.prompt ?? '').length;
}

/** Default answer: the last word of the last non-empty line (with a leading space for completions). */
export function echoLastWord(request: FakeModelRequest): string {
  const text = request.prompt ?? request.messages?.at(-1)?.content ?? '';
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const word = (lines.at(-1) ?? '').split(/\s+/).at(-1) ?? '';
  return request.endpoint === 'completions' ? ` ${word}` : word;
}

/**
 * The default logprob: tokens that continue respond()'s answer get DESIGNED_LOGPROB, every other
 * token OTHER_LOGPROB. For completions the server does not know where the prompt ends (echo
 * scoring sends prompt + choice as one text), so it tries every split in the last few tokens.
 */
export function designedLogprob(respond: (request: FakeModelRequest) => string, context: FakeLogprobContext, token: string): number {
  const { generated, ...request } = context;
  if (request.endpoint === 'chat') {
    const answer = fakeTokenize(respond(request));
    const before = fakeTokenize(generated);
    const continues = before.every((t, i) => t === answer[i]) && answer[before.length] === token;
    return continues ? DESIGNED_LOGPROB : OTHER_LOGPROB;
  }
  const tokens = fakeTokenize(request.prompt ?? '');
  for (let k = 0; k <= Math.min(ANSWER_LOOKBACK, tokens.length); k++) {
    const prompt = tokens.slice(0, tokens.length - k).join('');
    const answer = fakeTokenize(respond({ ...request, prompt }));
    const partial = tokens.slice(tokens.length - k);
    if (answer[k] === token && partial.every((t, i) => t === answer[i])) return DESIGNED_LOGPROB;
  }
  return OTHER_LOGPROB;
}

/** Applies stop sequences (text before the first one, stop excluded), then the token limit. */
export function fakeGenerate(answer: string, stop: string[], maxTokens: number): { tokens: string[]; finishReason: 'stop' | 'length' } {
  let cut = answer.length;
  for (const s of stop) {
    const at = s ? answer.indexOf(s) : -1;
    if (at >= 0 && at < cut) cut = at;
  }
  const tokens = fakeTokenize(answer.slice(0, cut));
  if (tokens.length > maxTokens) return { tokens: tokens.slice(0, maxTokens), finishReason: 'length' };
  return { tokens, finishReason: 'stop' };
}
