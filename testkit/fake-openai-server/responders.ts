// The two inference endpoints, /v1/chat/completions and the legacy /v1/completions: validate the
// request like OpenAI, generate the deterministic answer, and write it as one JSON body or as an
// SSE stream (with usage and logprobs when asked). Mid-body faults arrive as `fault`.
import type http from 'node:http';
import type { Logprobs } from './logprobs.js';
import { FAKE_CREATED, fakeGenerate, fakePromptTokens, fakeTokenize } from './model.js';
import type { Replies } from './replies.js';
import { HttpError } from './replies.js';
import { flattenContent, parseMaxTokens, parseStop } from './request-parsing.js';
import { type StreamWriter, streamCut } from './streams.js';
import type { FakeChatMessage, FakeModelRequest, FaultSpec } from './types.js';

export type ResponderDeps = {
  respond: (request: FakeModelRequest) => string;
  omitUsage: boolean;
  logprobs: Logprobs;
  replies: Replies;
  streams: StreamWriter;
};

export type Responder = (body: any, res: http.ServerResponse, fault: FaultSpec | null) => Promise<number>;

export function createResponders({ respond, omitUsage, logprobs, replies, streams }: ResponderDeps): {
  chat: Responder;
  completions: Responder;
} {
  const { chatTokenLogprob, completionLogprobs } = logprobs;
  const { sendJson } = replies;
  const { writeChunks } = streams;
  // Response ids count per endpoint call so that they are reproducible; header ids count separately.
  let nextId = 1;

  // -- /v1/chat/completions
  async function chat(body: any, res: http.ServerResponse, fault: FaultSpec | null) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw new HttpError(400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter', 'messages');
    }
    const messages: FakeChatMessage[] = body.messages.map((m: any) => ({
      role: String(m?.role),
      content: flattenContent(m?.content),
    }));
    const request: FakeModelRequest = { endpoint: 'chat', model: body.model, messages };
    const maxTokens = parseMaxTokens(
      body.max_completion_tokens ?? body.max_tokens,
      body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens',
      1,
      Number.POSITIVE_INFINITY,
    );
    const stop = parseStop(body.stop);
    if (body.top_logprobs !== undefined && body.top_logprobs !== null) {
      if (!body.logprobs) throw new HttpError(400, "'top_logprobs' requires 'logprobs' to be true.", 'invalid_request_error', null, 'top_logprobs');
      if (!Number.isInteger(body.top_logprobs) || body.top_logprobs < 0 || body.top_logprobs > 20) {
        throw new HttpError(400, "Invalid 'top_logprobs': expected an integer between 0 and 20.", 'invalid_request_error', null, 'top_logprobs');
      }
    }
    const answerText = respond(request);
    const answer = fakeTokenize(answerText);
    const { tokens, finishReason } = fakeGenerate(answerText, stop, maxTokens);
    const top = body.top_logprobs ?? 0;
    const withLogprobs = body.logprobs === true;
    const usage = {
      prompt_tokens: fakePromptTokens(request),
      completion_tokens: tokens.length,
      total_tokens: fakePromptTokens(request) + tokens.length,
    };
    const id = `chatcmpl-fake-${nextId++}`;
    const base = { id, created: FAKE_CREATED, model: body.model, system_fingerprint: 'fp_fake' };

    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true && !omitUsage;
      const extra = includeUsage ? { usage: null } : {};
      const chunks: unknown[] = [
        {
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }],
          ...extra,
        },
      ];
      tokens.forEach((token, i) => {
        chunks.push({
          ...base,
          object: 'chat.completion.chunk',
          choices: [
            {
              index: 0,
              delta: { content: token },
              logprobs: withLogprobs ? { content: [chatTokenLogprob(request, answer, i, tokens, top)], refusal: null } : null,
              finish_reason: null,
            },
          ],
          ...extra,
        });
      });
      chunks.push({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }],
        ...extra,
      });
      if (includeUsage) chunks.push({ ...base, object: 'chat.completion.chunk', choices: [], usage });
      if (fault?.kind === 'malformed') chunks.splice(1, 0, fault.body ?? '{"id": "chatcmpl-broken", "choices": [');
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_${id}`,
      });
      await writeChunks(res, chunks, streamCut(fault, 1, includeUsage ? chunks.length - 1 : chunks.length));
      return 200;
    }

    const payload = {
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: tokens.join(''), refusal: null, annotations: [] },
          logprobs: withLogprobs ? { content: tokens.map((_, i) => chatTokenLogprob(request, answer, i, tokens, top)), refusal: null } : null,
          finish_reason: finishReason,
        },
      ],
      ...(omitUsage ? {} : { usage }),
      service_tier: 'default',
    };
    sendJson(res, 200, JSON.stringify(payload), fault);
    return 200;
  }

  // -- /v1/completions (legacy)
  async function completions(body: any, res: http.ServerResponse, fault: FaultSpec | null) {
    const prompts: unknown[] = Array.isArray(body.prompt) ? body.prompt : [body.prompt ?? '<|endoftext|>'];
    if (!prompts.every((p) => typeof p === 'string')) {
      throw new HttpError(400, "Invalid type for 'prompt': this server accepts strings only.", 'invalid_request_error', null, 'prompt');
    }
    // OpenAI's legacy endpoint defaults to 16 tokens and accepts 0 (useful with echo).
    const maxTokens = parseMaxTokens(body.max_tokens, 'max_tokens', 0, 16);
    const stop = parseStop(body.stop);
    const logprobsN: number | null = body.logprobs ?? null;
    if (logprobsN !== null && (!Number.isInteger(logprobsN) || logprobsN < 0 || logprobsN > 5)) {
      throw new HttpError(400, "Invalid 'logprobs': expected an integer between 0 and 5.", 'invalid_request_error', null, 'logprobs');
    }
    const echo = body.echo === true;
    const id = `cmpl-fake-${nextId++}`;
    const base = { id, object: 'text_completion', created: FAKE_CREATED, model: body.model };
    let promptTokens = 0;
    let completionTokens = 0;
    const results = (prompts as string[]).map((prompt, index) => {
      const request: FakeModelRequest = { endpoint: 'completions', model: body.model, prompt };
      const { tokens, finishReason } = fakeGenerate(respond(request), stop, maxTokens);
      const promptPieces = fakeTokenize(prompt);
      promptTokens += promptPieces.length;
      completionTokens += tokens.length;
      const generated = tokens.join('');
      const text = echo ? prompt + generated : generated;
      let logprobs = null;
      if (logprobsN !== null) {
        const gen = completionLogprobs(request, prompt + generated, tokens, prompt.length, logprobsN, false);
        if (echo) {
          const head = completionLogprobs(request, prompt, promptPieces, 0, logprobsN, true);
          logprobs = {
            tokens: [...head.tokens, ...gen.tokens],
            token_logprobs: [...head.token_logprobs, ...gen.token_logprobs],
            top_logprobs: [...head.top_logprobs, ...gen.top_logprobs],
            text_offset: [...head.text_offset, ...gen.text_offset],
          };
        } else {
          logprobs = gen;
        }
      }
      return { index, text, tokens, prompt, logprobs, finishReason };
    });
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };

    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true && !omitUsage;
      const extra = includeUsage ? { usage: null } : {};
      const chunks: unknown[] = [];
      for (const r of results) {
        if (echo)
          chunks.push({
            ...base,
            choices: [{ index: r.index, text: r.prompt, logprobs: null, finish_reason: null }],
            ...extra,
          });
        for (const token of r.tokens) {
          chunks.push({
            ...base,
            choices: [{ index: r.index, text: token, logprobs: null, finish_reason: null }],
            ...extra,
          });
        }
        chunks.push({
          ...base,
          choices: [{ index: r.index, text: '', logprobs: null, finish_reason: r.finishReason }],
          ...extra,
        });
      }
      if (includeUsage) chunks.push({ ...base, choices: [], usage });
      if (fault?.kind === 'malformed') chunks.splice(1, 0, fault.body ?? '{"id": "cmpl-broken", "choices": [');
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_${id}`,
      });
      await writeChunks(res, chunks, streamCut(fault, echo ? 1 : 0, includeUsage ? chunks.length - 1 : chunks.length));
      return 200;
    }

    const payload = {
      ...base,
      system_fingerprint: 'fp_fake',
      choices: results.map((r) => ({
        index: r.index,
        text: r.text,
        logprobs: r.logprobs,
        finish_reason: r.finishReason,
      })),
      ...(omitUsage ? {} : { usage }),
    };
    sendJson(res, 200, JSON.stringify(payload), fault);
    return 200;
  }

  return { chat, completions };
}
