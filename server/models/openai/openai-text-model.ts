// A TextModel backed by an OpenAI-compatible HTTP API (OpenAI itself, vLLM, Ollama, ...) through
// the official `openai` SDK.
import type { CallOptions, ChatMessage, RenderedPrompt, TextModel } from '../../core/model.js';
import { ConfigError } from '../../core/errors.js';
import type { OpenAICallContext, MaxTokensParam } from './call-context.js';
import { createOpenAIClient, DEFAULT_TIMEOUT_MS, type Fetch } from './client.js';
import { generateChat } from './chat.js';
import { generateCompletion } from './completions.js';
import { createOpenAIForwarder } from './forward.js';
import { scoreChoicesByEcho, scoreChoicesByTopLogprobs } from './score-choices.js';
import { createTokenCounter, encodingForModel, type EncodingName } from './tokenizer.js';

export type OpenAITextModelConfig = {
  /** The id tasks and programs use (models.yaml `id`). */
  id: string;
  /** The models.yaml provider name, for messages. */
  providerName: string;
  baseURL: string;
  apiKey: string;
  /** The name the server knows the model by. */
  remoteModel: string;
  style: 'chat' | 'completion';
  /** Tokenizer for countTokens; guessed from remoteModel when absent. */
  encoding?: EncodingName;
  fetch?: Fetch;
  timeoutMs?: number;
  /** Where the key came from, so a rejected key can be reported with what to fix. */
  apiKeyEnv?: string;
  /** How chat requests send the output limit. Default max_completion_tokens (OpenAI's current name). */
  maxTokensParam?: MaxTokensParam;
  /** Set when the model can count tokens but not be called (no API key): every call rejects with it. */
  unusable?: ConfigError;
};

export function createOpenAITextModel(config: OpenAITextModelConfig): TextModel {
  const baseURL = config.baseURL.replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const countTokens = createTokenCounter(config.encoding ?? encodingForModel(config.remoteModel).encoding);
  const context: OpenAICallContext = {
    client: createOpenAIClient({ baseURL, apiKey: config.apiKey, fetch: config.fetch, timeoutMs }),
    providerName: config.providerName,
    modelId: config.id,
    remoteModel: config.remoteModel,
    baseURL,
    apiKeyEnv: config.apiKeyEnv,
    timeoutMs,
    maxTokensParam: config.maxTokensParam ?? 'max_completion_tokens',
    countTokens,
  };

  // Chat models take a text prompt as one user message. A base model cannot take chat messages:
  // there is no faithful way to flatten roles, so the caller must render text for it.
  function asMessages(prompt: RenderedPrompt): ChatMessage[] {
    return prompt.style === 'chat' ? prompt.messages : [{ role: 'user', content: prompt.text }];
  }
  function asText(prompt: RenderedPrompt): string {
    if (prompt.style === 'completion') return prompt.text;
    throw new ConfigError(
      `model ${config.id} is a completion-style (base) model and needs a text prompt, but got chat messages; use a completion-style prompt with it`,
    );
  }

  const model: TextModel = {
    id: config.id,
    kind: 'text',
    style: config.style,
    fingerprint: `openai:${baseURL}:${config.remoteModel}`,
    async generate(request, options?: CallOptions) {
      if (config.unusable) throw config.unusable;
      return config.style === 'chat'
        ? generateChat(context, asMessages(request.prompt), request, options)
        : generateCompletion(context, asText(request.prompt), request, options);
    },
    async scoreChoices(prompt, choices, options?: CallOptions) {
      if (config.unusable) throw config.unusable;
      return config.style === 'chat'
        ? scoreChoicesByTopLogprobs(context, asMessages(prompt), choices, options)
        : scoreChoicesByEcho(context, asText(prompt), choices, options);
    },
    countTokens,
    // OpenAI's encodings are byte-level BPE: every token covers at least one byte. Loading one
    // costs about 0.5 s and 70 MiB, which a prompt well inside its limit never needs.
    maxTokens: (text) => Buffer.byteLength(text, 'utf8'),
  };
  // The gateway's lean path (forward.ts): the same call without the SDK. Not when a custom fetch
  // is configured: whatever that fetch does (tests, proxies), the SDK path does it, so the model
  // offers no forward and the gateway uses generate.
  if (!config.fetch) {
    const { client: _client, ...rest } = context;
    const forwarder = createOpenAIForwarder({ ...rest, apiKey: config.apiKey }, model.generate);
    model.forward = async (request, options?: CallOptions) => {
      if (config.unusable) throw config.unusable;
      return config.style === 'chat'
        ? forwarder.chat(asMessages(request.prompt), request, options)
        : forwarder.completion(asText(request.prompt), request, options);
    };
  }
  return model;
}
