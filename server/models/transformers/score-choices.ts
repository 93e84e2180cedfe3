// Log-likelihood of each choice after the prompt, from the model's logits: every "prompt + choice"
// row goes through one batched forward pass (right-padded, attention-masked), and the choice's
// tokens are scored by the positions that predict them. No generation involved.
//
// The prompt and each choice are tokenized separately and concatenated (as lm-evaluation-harness
// does), so all choices share exactly the same prompt tokens.
import type { Tensor } from '@xenova/transformers';
import { Cancelled, ProviderError } from '../../core/errors.js';
import type { CallOptions, ChoiceScores } from '../../core/model.js';
import { encode, type CausalLm } from './causal-lm.js';
import type { PromptText } from './render-prompt.js';
import { nextTurn } from './next-turn.js';
import { logProbability } from './sample-token.js';

export type ScoreContext = { modelId: string; batchSize: number };

export async function scoreChoices(lm: CausalLm, prompt: PromptText, choices: string[], options: CallOptions, context: ScoreContext): Promise<ChoiceScores> {
  const promptIds = encode(lm, prompt.text, prompt.addSpecialTokens);
  const contextIds = promptIds.length ? promptIds : [lm.startTokenId];
  const choiceIds = choices.map((choice) => encode(lm, choice, false));
  const longest = contextIds.length + Math.max(0, ...choiceIds.map((ids) => ids.length));
  if (lm.contextLength !== null && longest > lm.contextLength) {
    throw new ProviderError(`the prompt and longest choice are ${longest} tokens; model ${context.modelId} reads at most ${lm.contextLength}`, {
      retryable: false,
    });
  }

  const logprobs: number[] = choices.map(() => 0);
  // An empty choice has log-likelihood 0 (probability 1) and needs no forward pass.
  const toScore = choiceIds.map((ids, index) => ({ ids, index })).filter((row) => row.ids.length > 0);
  for (let start = 0; start < toScore.length; start += context.batchSize) {
    await nextTurn();
    if (options.signal?.aborted) throw new Cancelled();
    const batch = toScore.slice(start, start + context.batchSize);
    const rows = batch.map((row) => [...contextIds, ...row.ids]);
    const { data, dims } = await runBatch(lm, rows);
    const [, width, vocabSize] = dims as [number, number, number];
    batch.forEach((row, b) => {
      let total = 0;
      row.ids.forEach((token, j) => {
        // The logits at position p predict the token at p + 1.
        const position = contextIds.length - 1 + j;
        const offset = (b * width + position) * vocabSize;
        total += logProbability(data.subarray(offset, offset + vocabSize), token);
      });
      logprobs[row.index] = total;
    });
  }
  if (options.signal?.aborted) throw new Cancelled();
  const fed = choiceIds.reduce((sum, ids) => sum + (ids.length ? contextIds.length + ids.length : 0), 0);
  return { logprobs, usage: { promptTokens: fed, completionTokens: 0 } };
}

/**
 * One forward pass over right-padded rows. The inputs are built here rather than by the library's
 * forward(), which only supports a batch of one without a cache: an empty cache per row, the
 * no-cache branch of merged decoders, and position ids counted from the attention mask.
 */
async function runBatch(lm: CausalLm, rows: number[][]): Promise<{ data: Float32Array; dims: number[] }> {
  const width = Math.max(...rows.map((row) => row.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(lm.padTokenId));
  const mask = new BigInt64Array(rows.length * width);
  const positions = new BigInt64Array(rows.length * width).fill(1n);
  rows.forEach((row, r) => {
    row.forEach((token, p) => {
      ids[r * width + p] = BigInt(token);
      mask[r * width + p] = 1n;
      positions[r * width + p] = BigInt(p);
    });
  });
  const model = lm.model as unknown as {
    session: { inputNames: string[]; run(feeds: Record<string, Tensor>): Promise<Record<string, { data: Float32Array; dims: number[] }>> };
    num_heads: number;
    dim_kv: number;
  };
  const feeds: Record<string, Tensor> = {};
  for (const name of model.session.inputNames) {
    if (name === 'input_ids') feeds[name] = new lm.Tensor('int64', ids, [rows.length, width]);
    else if (name === 'attention_mask') feeds[name] = new lm.Tensor('int64', mask, [rows.length, width]);
    else if (name === 'position_ids') feeds[name] = new lm.Tensor('int64', positions, [rows.length, width]);
    else if (name === 'use_cache_branch') feeds[name] = new lm.Tensor('bool', [false], [1]);
    else if (name.startsWith('past_key_values.')) feeds[name] = new lm.Tensor('float32', new Float32Array(0), [rows.length, model.num_heads, 0, model.dim_kv]);
    else throw new ProviderError(`model ${lm.repo} has an input ${name} that choice scoring does not know how to fill`, { retryable: false });
  }
  const output = await model.session.run(feeds);
  const logits = output.logits;
  if (!logits) throw new ProviderError(`model ${lm.repo} returned no logits`, { retryable: false });
  return logits;
}
