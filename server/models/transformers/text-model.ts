// A TextModel over a local causal LM (gpt2-style ONNX, loaded by @xenova/transformers).
//
// Loading happens once, on the first call or on `ready()`, and concurrent first calls share it.
// `countTokens` is synchronous, as the core contract requires: it builds the tokenizer straight
// from tokenizer.json in the models directory, so it works before the model is loaded whenever the
// model is local (always, offline). For a model still to be downloaded it throws a ConfigError
// until `ready()` has run; registries should await `ready()` for such models.
import { Cancelled, ProviderError, SandboxError, errorMessage } from '../../core/errors.js';
import type { CallOptions, ChoiceScores, RenderedPrompt, TextModel, TextRequest, TextResponse } from '../../core/model.js';
import type { PreTrainedTokenizer } from '@xenova/transformers';
import { describeCausalLm, type CausalLm } from './causal-lm.js';
import type { TransformersEnvironment } from './environment.js';
import { CallbackError, generateText } from './generate-text.js';
import { loadOnce } from './load-once.js';
import { loadCausalLmModel } from './pretrained-models.js';
import { renderPromptText } from './render-prompt.js';
import { scoreChoices } from './score-choices.js';

export type TransformersTextModelOptions = {
  id: string;
  /** Hub repo name, also the folder under the models directory, e.g. "Xenova/gpt2". */
  repo: string;
  style: 'completion' | 'chat';
  environment: TransformersEnvironment;
  /** Load the `_quantized` ONNX file (the library's default, and what most hub repos ship). */
  quantized?: boolean;
  /** Randomness for sampling at temperature > 0; pass a seeded one for reproducible runs. */
  random?: () => number;
  /** Rows per forward pass when scoring choices (bounds memory: rows x length x vocabulary floats). */
  scoreBatchSize?: number;
};

export type TransformersTextModel = TextModel & {
  scoreChoices: NonNullable<TextModel['scoreChoices']>;
  /** Loads tokenizer and model (once); rejects with a ConfigError when the model is unavailable. */
  ready(): Promise<void>;
};

export function transformersFingerprint(repo: string, quantized: boolean): string {
  return `transformers:${repo}:${quantized ? 'quantized' : 'fp32'}`;
}

export function createTransformersTextModel(options: TransformersTextModelOptions): TransformersTextModel {
  const { id, repo, style, environment } = options;
  const quantized = options.quantized ?? true;
  const random = options.random ?? Math.random;
  const scoreBatchSize = options.scoreBatchSize ?? 8;
  let tokenizer: PreTrainedTokenizer | null = null;

  const load = loadOnce(() =>
    environment.load(repo, async (loadOptions, library) => {
      const { AutoTokenizer, Tensor } = library;
      const [loadedTokenizer, model] = await Promise.all([
        AutoTokenizer.from_pretrained(repo, loadOptions),
        loadCausalLmModel(environment, library, repo, loadOptions, quantized),
      ]);
      tokenizer = loadedTokenizer;
      return describeCausalLm(repo, loadedTokenizer, model, Tensor);
    }),
  );

  async function withModel<T>(callOptions: CallOptions | undefined, run: (lm: CausalLm) => Promise<T>): Promise<T> {
    if (callOptions?.signal?.aborted) throw new Cancelled();
    const lm = await load();
    try {
      return await run(lm);
    } catch (error) {
      if (error instanceof SandboxError) throw error;
      if (error instanceof CallbackError) throw error.original;
      // onnxruntime failures are deterministic for a given input: retrying would fail the same way.
      throw new ProviderError(`model ${id} (${repo}) failed: ${errorMessage(error)}`, { retryable: false, cause: error });
    }
  }

  return {
    id,
    kind: 'text',
    style,
    fingerprint: transformersFingerprint(repo, quantized),
    async ready() {
      await load();
    },
    async prepareTokenizer() {
      await environment.library();
    },
    generate(request: TextRequest, callOptions?: CallOptions): Promise<TextResponse> {
      return withModel(callOptions, (lm) =>
        generateText(lm, renderPromptText(request.prompt, style, lm.tokenizer), request, callOptions ?? {}, { modelId: id, random }),
      );
    },
    scoreChoices(prompt: RenderedPrompt, choices: string[], callOptions?: CallOptions): Promise<ChoiceScores> {
      return withModel(callOptions, (lm) =>
        scoreChoices(lm, renderPromptText(prompt, style, lm.tokenizer), choices, callOptions ?? {}, { modelId: id, batchSize: scoreBatchSize }),
      );
    },
    countTokens(text: string): number {
      tokenizer ??= environment.readLocalTokenizer(repo);
      return text ? tokenizer.encode(text, null, { add_special_tokens: false }).length : 0;
    },
  };
}
