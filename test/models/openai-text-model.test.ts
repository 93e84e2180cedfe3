// The OpenAI provider through the real `openai` SDK over HTTP, against the deterministic fake.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TextRequest } from '../../server/core/model.js';
import { createOpenAITextModel, type OpenAITextModelConfig } from '../../server/models/openai/index.js';
import { countChatTokens } from '../../server/models/openai/tokenizer.js';
import { startFakeOpenAIServer, type FakeModelRequest, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';

// Chat answers a full sentence; a base model continues "Sentiment:" with " positive" and then
// keeps going, so stop sequences and token limits have something to cut.
function respond(request: FakeModelRequest): string {
  if (request.endpoint === 'chat') return 'The sentiment is positive. Thanks!';
  return request.prompt?.endsWith('Sentiment:') ? ' positive\nReview: next one' : ' end';
}

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ respond, vocabulary: [' negative', 'neutral', 'pos', ' Positive'] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.resetStats();
  server.faults.clear();
});

function model(overrides: Partial<OpenAITextModelConfig> = {}) {
  return createOpenAITextModel({
    id: 'gpt-4o-mini',
    providerName: 'openai',
    baseURL: server.url,
    apiKey: 'test-key',
    apiKeyEnv: 'OPENAI_API_KEY',
    remoteModel: 'gpt-4o-mini',
    style: 'chat',
    ...overrides,
  });
}
const baseModel = () => model({ id: 'davinci-002', remoteModel: 'davinci-002', style: 'completion' });

const chatPrompt = {
  style: 'chat' as const,
  messages: [
    { role: 'system' as const, content: 'You are a classifier.' },
    { role: 'user' as const, content: 'Review: great film\nSentiment?' },
  ],
};
const textPrompt = { style: 'completion' as const, text: 'Review: great film\nSentiment:' };

function request(prompt: TextRequest['prompt'], overrides: Partial<TextRequest> = {}): TextRequest {
  return { prompt, temperature: 0, topP: 1, maxTokens: 100, stop: [], ...overrides };
}

describe('OpenAI text model: chat', () => {
  it('generates and reports usage', async () => {
    const result = await model().generate(request(chatPrompt));
    expect(result).toEqual({
      text: 'The sentiment is positive. Thanks!',
      finishReason: 'stop',
      usage: { promptTokens: 8, completionTokens: 5 },
    });
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer test-key');
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      messages: chatPrompt.messages,
      temperature: 0,
      top_p: 1,
      max_completion_tokens: 100,
      stream: false,
    });
  });

  it('cuts at the first stop sequence and at the token limit', async () => {
    const stopped = await model().generate(request(chatPrompt, { stop: ['.', 'is'] }));
    expect(stopped).toMatchObject({ text: 'The sentiment ', finishReason: 'stop' });
    expect(server.requests[0]!.body.stop).toEqual(['.', 'is']);

    const limited = await model().generate(request(chatPrompt, { maxTokens: 2 }));
    expect(limited).toEqual({
      text: 'The sentiment',
      finishReason: 'length',
      usage: { promptTokens: 8, completionTokens: 2 },
    });
  });

  it('can send max_tokens for servers that want it', async () => {
    await model({ maxTokensParam: 'max_tokens' }).generate(request(chatPrompt, { maxTokens: 7 }));
    expect(server.requests[0]!.body.max_tokens).toBe(7);
    expect(server.requests[0]!.body.max_completion_tokens).toBeUndefined();
  });

  it('streams deltas to onText and returns what a plain call returns', async () => {
    const deltas: string[] = [];
    const streamed = await model().generate(request(chatPrompt), { onText: (d) => deltas.push(d) });
    const plain = await model().generate(request(chatPrompt));
    expect(deltas).toEqual(['The', ' sentiment', ' is', ' positive.', ' Thanks!']);
    expect(streamed).toEqual(plain);
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('counts usage locally when the server reports none', async () => {
    const quiet = await startFakeOpenAIServer({ respond, omitUsage: true });
    try {
      const m = model({ baseURL: quiet.url });
      const expected = {
        promptTokens: countChatTokens(chatPrompt.messages, m.countTokens),
        completionTokens: m.countTokens('The sentiment is positive. Thanks!'),
      };
      // o200k_base: 5 and 8 tokens of content, 3 per message and 3 to prime the reply.
      expect(expected).toEqual({ promptTokens: 3 + (3 + 5) + (3 + 8), completionTokens: 7 });
      expect((await m.generate(request(chatPrompt))).usage).toEqual(expected);
      expect((await m.generate(request(chatPrompt), { onText: () => {} })).usage).toEqual(expected);
    } finally {
      await quiet.close();
    }
  });

  it('wraps a text prompt as one user message', async () => {
    await model().generate(request({ style: 'completion', text: 'Say hi' }));
    expect(server.requests[0]!.body.messages).toEqual([{ role: 'user', content: 'Say hi' }]);
  });
});

describe('OpenAI text model: legacy completions', () => {
  it('generates with stop sequences, token limits and usage', async () => {
    const stopped = await baseModel().generate(request(textPrompt, { stop: ['\n'] }));
    expect(stopped).toEqual({
      text: ' positive',
      finishReason: 'stop',
      usage: { promptTokens: 4, completionTokens: 1 },
    });
    expect(server.requests[0]!.path).toBe('/v1/completions');
    expect(server.requests[0]!.body).toEqual({
      model: 'davinci-002',
      prompt: textPrompt.text,
      temperature: 0,
      top_p: 1,
      max_tokens: 100,
      stop: ['\n'],
      stream: false,
    });

    const limited = await baseModel().generate(request(textPrompt, { maxTokens: 3 }));
    expect(limited).toEqual({
      text: ' positive\nReview: next',
      finishReason: 'length',
      usage: { promptTokens: 4, completionTokens: 3 },
    });
  });

  it('streams deltas and returns what a plain call returns', async () => {
    const deltas: string[] = [];
    const streamed = await baseModel().generate(request(textPrompt), { onText: (d) => deltas.push(d) });
    expect(deltas).toEqual([' positive', '\nReview:', ' next', ' one']);
    expect(streamed).toEqual(await baseModel().generate(request(textPrompt)));
    expect(streamed.usage).toEqual({ promptTokens: 4, completionTokens: 4 });
  });

  it('refuses chat messages: a base model needs text', async () => {
    await expect(baseModel().generate(request(chatPrompt))).rejects.toThrow(/completion-style \(base\) model and needs a text prompt/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('OpenAI text model: scoreChoices', () => {
  it('base models: sums the echoed logprobs of each choice in one request', async () => {
    const scores = await baseModel().scoreChoices!(textPrompt, [' positive', ' negative', ' very negative']);
    expect(scores.logprobs).toEqual([-0.1, -5, -10]);
    expect(scores.usage).toEqual({ promptTokens: 5 + 5 + 6, completionTokens: 0 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body).toEqual({
      model: 'davinci-002',
      prompt: [textPrompt.text + ' positive', textPrompt.text + ' negative', textPrompt.text + ' very negative'],
      echo: true,
      max_tokens: 0,
      logprobs: 0,
      temperature: 0,
    });
  });

  it('base models: multi-token answers and a token straddling the prompt end', async () => {
    const fake = await startFakeOpenAIServer({
      respond: (r) => (r.prompt?.endsWith('Sentiment:') ? ' very positive' : ' end'),
    });
    try {
      const m = model({ baseURL: fake.url, id: 'davinci-002', remoteModel: 'davinci-002', style: 'completion' });
      const multi = await m.scoreChoices!(textPrompt, [' very positive', ' positive']);
      expect(multi.logprobs[0]).toBeCloseTo(-0.2, 10);
      expect(multi.logprobs[1]).toBe(-5);
      // "Sentiment: " + "very positive": the prompt's trailing space joins the token " very", which
      // starts inside the prompt but still counts for the choice.
      const straddle = await m.scoreChoices!({ style: 'completion', text: 'Review: great film\nSentiment: ' }, ['very positive', 'negative']);
      expect(straddle.logprobs[0]).toBeCloseTo(-0.2, 10);
      expect(straddle.logprobs[1]).toBe(-5);
    } finally {
      await fake.close();
    }
  });

  it('chat models: scores the first token from the top 20, matching case and space variants', async () => {
    const scores = await model().scoreChoices!({ style: 'chat', messages: [{ role: 'user', content: 'Sentiment of "great film"?' }] }, [
      'the',
      'Negative',
      'neutral',
      'mixed',
    ]);
    // The fake's designed first token is "The" (-0.1); vocabulary words get -5; "mixed" is absent.
    expect(scores.logprobs).toEqual([-0.1, -5, -5, -100]);
    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Sentiment of "great film"?' }],
      temperature: 0,
      max_completion_tokens: 1,
      logprobs: true,
      top_logprobs: 20,
    });
    expect(scores.usage).toEqual({ promptTokens: 4, completionTokens: 1 });
  });

  it('chat models: ranks the designed answer first and adds up variants of the same start', async () => {
    const fake = await startFakeOpenAIServer({
      respond: () => 'Positive',
      vocabulary: [' positive', ' negative', 'pos'],
    });
    try {
      const scores = await model({ baseURL: fake.url }).scoreChoices!(chatPrompt, ['positive', 'negative', 'mixed']);
      expect(scores.logprobs[0]).toBeCloseTo(Math.log(Math.exp(-0.1) + Math.exp(-5)), 12);
      expect(scores.logprobs.slice(1)).toEqual([-5, -100]);
      const best = scores.logprobs.indexOf(Math.max(...scores.logprobs));
      expect(best).toBe(0);
    } finally {
      await fake.close();
    }
  });
});

describe('OpenAI text model: identity and tokens', () => {
  it('fingerprints provider endpoint and remote model', () => {
    expect(model().fingerprint).toBe(`openai:${server.url}:gpt-4o-mini`);
    expect(model({ baseURL: `${server.url}/` }).fingerprint).toBe(`openai:${server.url}:gpt-4o-mini`);
    expect(model().kind).toBe('text');
    expect(baseModel().style).toBe('completion');
  });

  it('counts tokens with the encoding of the model or the one configured', () => {
    const emoji = 'Größe 😀 <|endoftext|>';
    expect(model().countTokens(emoji)).toBe(10); // o200k_base from the name gpt-4o-mini
    expect(baseModel().countTokens(emoji)).toBe(9); // cl100k_base from davinci-002
    expect(model({ encoding: 'r50k_base' }).countTokens('    indented code')).toBe(6);
    expect(model({ encoding: 'p50k_base' }).countTokens('    indented code')).toBe(4);
    expect(model().countTokens('')).toBe(0);
  });
});
