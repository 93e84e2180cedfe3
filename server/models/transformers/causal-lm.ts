// A loaded causal LM with what generation and scoring need to know about it, read once from its
// config so the per-call code never digs through the library's untyped objects.
import type { PreTrainedModel, PreTrainedTokenizer } from '@xenova/transformers';
import { ConfigError } from '../../core/errors.js';
import type { TransformersLibrary } from './environment.js';

export type CausalLm = {
  repo: string;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  Tensor: TransformersLibrary['Tensor'];
  /** Generation ends when one of these is produced. */
  eosTokenIds: number[];
  /** Fed in place of an empty prompt, which a causal LM cannot start from. */
  startTokenId: number;
  /** Fills the right end of shorter rows in a batch; masked out, so its value does not matter. */
  padTokenId: number;
  /** Most tokens the model attends to (prompt + completion), when its config says. */
  contextLength: number | null;
};

// Layouts of the cache inputs differ for these; batched scoring builds the standard one only.
const UNSUPPORTED_CACHE_LAYOUTS = new Set(['bloom', 'falcon']);

export function describeCausalLm(repo: string, tokenizer: PreTrainedTokenizer, model: PreTrainedModel, Tensor: TransformersLibrary['Tensor']): CausalLm {
  const config = model.config as Record<string, unknown>;
  if (config.is_encoder_decoder) {
    throw new ConfigError(`model ${repo} is an encoder-decoder model; the transformers provider runs decoder-only (causal) models`);
  }
  if (UNSUPPORTED_CACHE_LAYOUTS.has(String(config.model_type)) || config.multi_query) {
    throw new ConfigError(`model ${repo} (${String(config.model_type)}) uses a cache layout the transformers provider does not support yet`);
  }
  const generationConfig = (model as { generation_config?: Record<string, unknown> }).generation_config ?? {};
  const ids = (value: unknown): number[] => (Array.isArray(value) ? value : [value]).filter((v): v is number => typeof v === 'number');
  const eosTokenIds = [...new Set([...ids(config.eos_token_id), ...ids(generationConfig.eos_token_id)])];
  const bos = ids(config.bos_token_id)[0] ?? ids(generationConfig.bos_token_id)[0];
  const startTokenId = bos ?? eosTokenIds[0];
  if (startTokenId === undefined) throw new ConfigError(`model ${repo} has neither bos_token_id nor eos_token_id in its config`);
  const contextLength = [config.n_positions, config.max_position_embeddings, config.n_ctx].find(
    (value): value is number => typeof value === 'number' && value > 0,
  );
  return {
    repo,
    tokenizer,
    model,
    Tensor,
    eosTokenIds,
    startTokenId,
    padTokenId: ids(config.pad_token_id)[0] ?? startTokenId,
    contextLength: contextLength ?? null,
  };
}

export function encode(lm: CausalLm, text: string, addSpecialTokens: boolean): number[] {
  return text ? lm.tokenizer.encode(text, null, { add_special_tokens: addSpecialTokens }) : [];
}

export function decode(lm: CausalLm, ids: number[]): string {
  // decode([]) throws; clean-up off so the text is exactly what the tokens spell.
  return ids.length ? lm.tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) : '';
}
