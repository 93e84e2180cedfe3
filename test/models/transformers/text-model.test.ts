// The transformers.js text provider on the designed tiny-gpt2 models (real loading and inference).
// tiny-gpt2: byte tokens; the next token is the current byte + 1 ("~" -> end of text, start of
// text -> "a") with logit 10 and every other token 0; tiny-gpt2-large does the same with logit 12.
import * as transformers from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cancelled, ProviderError } from '../../../server/core/errors.js';
import type { RenderedPrompt, TextRequest } from '../../../server/core/model.js';
import {
  createTransformersEnvironment,
  createTransformersTextModel,
  type TransformersEnvironment,
  type TransformersLibrary,
} from '../../../server/models/transformers/index.js';
import { makeTinyModelsDir } from './tiny-models-dir.js';

// log p(designed successor) and log p(any other token) over the 257-token vocabulary, by hand.
const SUCCESSOR = 10 - Math.log(Math.exp(10) + 256);
const OTHER = -Math.log(Math.exp(10) + 256);
const LARGE_SUCCESSOR = 12 - Math.log(Math.exp(12) + 256);

const completion = (text: string): RenderedPrompt => ({ style: 'completion', text });
const greedy = (prompt: RenderedPrompt, maxTokens: number, stop: string[] = []): TextRequest => ({
  prompt,
  temperature: 0,
  topP: 1,
  maxTokens,
  stop,
});

/** The real library, with model loads counted. */
function countingLibrary() {
  const counts = { models: 0 };
  class CountingAutoModelForCausalLM extends transformers.AutoModelForCausalLM {
    static override async from_pretrained(...args: Parameters<typeof transformers.AutoModelForCausalLM.from_pretrained>) {
      counts.models++;
      return super.from_pretrained(...args);
    }
  }
  const library: TransformersLibrary = { ...transformers, AutoModelForCausalLM: CountingAutoModelForCausalLM };
  return { library, counts };
}

let models: Awaited<ReturnType<typeof makeTinyModelsDir>>;
let environment: TransformersEnvironment;
const tinyGpt2 = () => createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment });

beforeAll(async () => {
  models = await makeTinyModelsDir();
  environment = createTransformersEnvironment({ modelsDir: models.dir, offline: true });
});
afterAll(() => models.remove());

describe('generate', () => {
  it('continues "abc" with the designed successors, up to max tokens', async () => {
    const response = await tinyGpt2().generate(greedy(completion('abc'), 4));
    expect(response).toEqual({ text: 'defg', usage: { promptTokens: 3, completionTokens: 4 }, finishReason: 'length' });
  });

  it('ends before the first stop sequence, which is not included', async () => {
    const model = tinyGpt2();
    expect(await model.generate(greedy(completion('abc'), 10, ['g']))).toEqual({
      text: 'def',
      usage: { promptTokens: 3, completionTokens: 4 },
      finishReason: 'stop',
    });
    // The earliest match wins, whatever the order of the stop list.
    expect((await model.generate(greedy(completion('abc'), 10, ['h', 'ef']))).text).toBe('d');
    expect((await model.generate(greedy(completion('abc'), 10, ['xyz', 'fgh']))).text).toBe('de');
    // A stop sequence inside the prompt does not count.
    expect((await model.generate(greedy(completion('abc'), 3, ['b']))).text).toBe('def');
  });

  it('stops at end of text, which "~" is designed to produce', async () => {
    const response = await tinyGpt2().generate(greedy(completion('xyz'), 10));
    expect(response).toEqual({ text: '{|}~', usage: { promptTokens: 3, completionTokens: 4 }, finishReason: 'stop' });
  });

  it('starts an empty prompt from the start-of-text token, which is followed by "a"', async () => {
    const response = await tinyGpt2().generate(greedy(completion(''), 3));
    expect(response).toEqual({ text: 'abc', usage: { promptTokens: 0, completionTokens: 3 }, finishReason: 'length' });
  });

  it('generates nothing for max tokens 0', async () => {
    expect(await tinyGpt2().generate(greedy(completion('abc'), 0))).toEqual({
      text: '',
      usage: { promptTokens: 3, completionTokens: 0 },
      finishReason: 'length',
    });
  });

  it('streams pieces that add up to the text and never show part of a stop sequence', async () => {
    const pieces: string[] = [];
    const response = await tinyGpt2().generate(greedy(completion('abc'), 10, ['ghi']), { onText: (piece) => pieces.push(piece) });
    expect(response.text).toBe('def');
    expect(pieces).toEqual(['d', 'e', 'f']);
  });

  it("rethrows the caller's own onText failure as is", async () => {
    const failure = new Error('client went away');
    const generation = tinyGpt2().generate(greedy(completion('abc'), 3), {
      onText: () => {
        throw failure;
      },
    });
    await expect(generation).rejects.toBe(failure);
  });

  it('samples only inside the nucleus: top_p 0.5 keeps just the successor (p = 0.9885)', async () => {
    const model = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment, random: () => 0.999 });
    const response = await model.generate({ ...greedy(completion('abc'), 5), temperature: 1, topP: 0.5 });
    expect(response.text).toBe('defgh');
  });

  it('samples outside the successor at temperature 1 and top_p 1 when the draw lands in the tail', async () => {
    // Cumulative probability in id order: ids 0..99 hold 100 x 4.49e-5, "d" (100) 0.9885; a draw
    // of 0.001 lands in the first ids: byte 22.
    const model = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment, random: () => 0.001 });
    const response = await model.generate({ ...greedy(completion('abc'), 1), temperature: 1, topP: 1 });
    expect(response.text).toBe(String.fromCharCode(Math.floor(0.001 / Math.exp(OTHER))));
  });

  it('renders chat prompts through the chat template, or as a transcript without one', async () => {
    const chat: RenderedPrompt = {
      style: 'chat',
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'hi' },
      ],
    };
    const templated = createTransformersTextModel({ id: 'chat', repo: 'tiny-gpt2-chat', style: 'chat', environment });
    // "system: s\nuser: hi\nassistant:" ends in ":", whose successors are ";<=".
    expect(await templated.generate(greedy(chat, 3))).toEqual({
      text: ';<=',
      usage: { promptTokens: 'system: s\nuser: hi\nassistant:'.length, completionTokens: 3 },
      finishReason: 'length',
    });
    // A chat model reads a completion prompt as one user message.
    expect((await templated.generate(greedy(completion('abc'), 1))).usage.promptTokens).toBe('user: abc\nassistant:'.length);
    const transcript = await tinyGpt2().generate(greedy(chat, 3));
    expect(transcript.usage.promptTokens).toBe('System: s\n\nUser: hi\n\nAssistant:'.length);
    expect(transcript.text).toBe(';<=');
  });

  it('refuses a prompt that fills the context window (n_positions 1024)', async () => {
    await expect(tinyGpt2().generate(greedy(completion('a'.repeat(1024)), 1))).rejects.toThrow(ProviderError);
    await expect(tinyGpt2().generate(greedy(completion('a'.repeat(1024)), 1))).rejects.toThrow(/1024 tokens/);
    // One token short of the window leaves room for exactly one more.
    const response = await tinyGpt2().generate(greedy(completion('a'.repeat(1023)), 5));
    expect(response).toMatchObject({ text: 'b', finishReason: 'length' });
  });

  it('stops on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(tinyGpt2().generate(greedy(completion('abc'), 4), { signal: controller.signal })).rejects.toThrow(Cancelled);
  });
});

describe('scoreChoices', () => {
  it('gives each choice the hand-computed log-likelihood of its tokens after the prompt', async () => {
    const model = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment, scoreBatchSize: 2 });
    // Five choices of different lengths over three batches, so rows are padded.
    const scores = await model.scoreChoices(completion('abc'), ['d', 'defg', '', 'x', 'dexg']);
    const expected = [SUCCESSOR, 4 * SUCCESSOR, 0, OTHER, 2 * SUCCESSOR + 2 * OTHER];
    scores.logprobs.forEach((logprob, i) => expect(logprob).toBeCloseTo(expected[i]!, 9));
    expect(scores.usage).toEqual({ promptTokens: 4 + 7 + 4 + 7, completionTokens: 0 });
  });

  it('ranks the designed answer first, and the larger model is more confident in it', async () => {
    const small = await tinyGpt2().scoreChoices(completion('Letters: abc'), [' ', 'd', 'e']);
    expect(small.logprobs.indexOf(Math.max(...small.logprobs))).toBe(1);
    const large = createTransformersTextModel({ id: 'large', repo: 'tiny-gpt2-large', style: 'completion', environment });
    const largeScores = await large.scoreChoices(completion('Letters: abc'), [' ', 'd', 'e']);
    expect(largeScores.logprobs[1]).toBeCloseTo(LARGE_SUCCESSOR, 9);
    expect(largeScores.logprobs[1]!).toBeGreaterThan(small.logprobs[1]!);
  });

  it('scores after an empty prompt from the start-of-text token', async () => {
    const scores = await tinyGpt2().scoreChoices(completion(''), ['ab', 'b']);
    expect(scores.logprobs[0]).toBeCloseTo(2 * SUCCESSOR, 9);
    expect(scores.logprobs[1]).toBeCloseTo(OTHER, 9);
  });
});

describe('countTokens and loading', () => {
  it("counts with the model's own tokenizer (one token per UTF-8 byte), before any load", async () => {
    const { library, counts } = countingLibrary();
    const model = createTransformersTextModel({
      id: 'tiny',
      repo: 'tiny-gpt2',
      style: 'completion',
      environment: createTransformersEnvironment({ modelsDir: models.dir, offline: true, library }),
    });
    const tokenizer = await transformers.AutoTokenizer.from_pretrained('tiny-gpt2');
    for (const text of ['abc', 'héllo wörld', '', 'tab\tand 😀']) {
      expect(model.countTokens(text)).toBe(tokenizer.encode(text).length);
    }
    expect(model.countTokens('héllo')).toBe(6);
    expect(model.countTokens('😀')).toBe(4);
    expect(counts.models).toBe(0);
  });

  it('loads once when the first requests arrive together', async () => {
    const { library, counts } = countingLibrary();
    const model = createTransformersTextModel({
      id: 'tiny',
      repo: 'tiny-gpt2',
      style: 'completion',
      environment: createTransformersEnvironment({ modelsDir: models.dir, offline: true, library }),
    });
    const responses = await Promise.all([
      model.generate(greedy(completion('abc'), 2)),
      model.generate(greedy(completion('mno'), 2)),
      model.scoreChoices(completion('abc'), ['d']),
      model.ready(),
    ]);
    expect(counts.models).toBe(1);
    expect(responses[0]?.text).toBe('de');
    expect((responses[1] as { text: string }).text).toBe('pq');
    await model.generate(greedy(completion('abc'), 1));
    expect(counts.models).toBe(1);
  });

  it('fingerprints provider, repo and quantization', () => {
    expect(tinyGpt2().fingerprint).toBe('transformers:tiny-gpt2:quantized');
    const fp32 = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment, quantized: false });
    expect(fp32.fingerprint).toBe('transformers:tiny-gpt2:fp32');
  });

  it('loads the fp32 file when asked', async () => {
    const fp32 = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment, quantized: false });
    expect((await fp32.generate(greedy(completion('abc'), 2))).text).toBe('de');
  });
});
