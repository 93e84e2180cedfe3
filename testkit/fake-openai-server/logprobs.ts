// Log-probabilities in the two wire shapes: chat's per-token `logprobs.content` entries and the
// legacy completions arrays (tokens, token_logprobs, top_logprobs, text_offset). The numbers come
// from the server's `logprob` option; `top_logprobs` offers the token itself, the designed next
// token and the configured vocabulary, best first.
import { fakeTokenize } from './model.js';
import type { FakeLogprobContext, FakeModelRequest } from './types.js';

export type LogprobSource = {
  respond: (request: FakeModelRequest) => string;
  logprob: (context: FakeLogprobContext, token: string) => number;
  vocabulary: string[];
};

export function createLogprobs({ respond, logprob, vocabulary }: LogprobSource) {
  function topLogprobs(context: FakeLogprobContext, actual: string, designed: string | undefined, n: number) {
    const candidates = [...new Set([actual, ...(designed === undefined ? [] : [designed]), ...vocabulary])];
    return candidates
      .map((token) => ({ token, logprob: logprob(context, token) }))
      .sort((a, b) => b.logprob - a.logprob)
      .slice(0, n);
  }

  function chatTokenLogprob(request: FakeModelRequest, answer: string[], index: number, tokens: string[], top: number) {
    const context = { ...request, generated: tokens.slice(0, index).join('') };
    const token = tokens[index]!;
    return {
      token,
      logprob: logprob(context, token),
      bytes: [...Buffer.from(token, 'utf8')],
      top_logprobs: topLogprobs(context, token, answer[index], top).map((t) => ({
        ...t,
        bytes: [...Buffer.from(t.token, 'utf8')],
      })),
    };
  }

  /** Legacy completions logprobs for `tokens` starting at character `offset` of `fullText`. */
  function completionLogprobs(request: FakeModelRequest, fullText: string, tokens: string[], offset: number, top: number, skipFirst: boolean) {
    const result = {
      tokens: [] as string[],
      token_logprobs: [] as (number | null)[],
      top_logprobs: [] as (Record<string, number> | null)[],
      text_offset: [] as number[],
    };
    let at = offset;
    tokens.forEach((token, i) => {
      result.tokens.push(token);
      result.text_offset.push(at);
      if (skipFirst && i === 0) {
        // OpenAI cannot score the very first token of an echoed prompt: it has no context.
        result.token_logprobs.push(null);
        result.top_logprobs.push(null);
      } else {
        const context = { ...request, prompt: fullText.slice(0, at), generated: '' };
        result.token_logprobs.push(logprob(context, token));
        // Scoring asks for logprobs: 0; skip the extra respond() call when no alternatives are wanted.
        const designed = top > 0 ? fakeTokenize(respond({ ...request, prompt: context.prompt }))[0] : undefined;
        result.top_logprobs.push(Object.fromEntries(topLogprobs(context, token, designed, top).map((t) => [t.token, t.logprob])));
      }
      at += token.length;
    });
    return result;
  }

  return { chatTokenLogprob, completionLogprobs };
}

export type Logprobs = ReturnType<typeof createLogprobs>;
