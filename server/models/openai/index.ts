// The OpenAI-compatible provider's public surface.
export { createOpenAITextModel, type OpenAITextModelConfig } from './openai-text-model.js';
export { createOpenAIModelFactory, openAIModelFactory, PLACEHOLDER_API_KEY } from './factory.js';
export { createOpenAIClient, DEFAULT_TIMEOUT_MS, type Fetch } from './client.js';
export { parseRetryAfter, toSandboxError, type ProviderContext } from './map-error.js';
export { CHOICE_LOGPROB_FLOOR, CHAT_TOP_LOGPROBS, firstTokenScore, sumContinuationLogprobs } from './score-choices.js';
export { ENCODING_NAMES, createTokenCounter, encodingForModel, type EncodingName } from './tokenizer.js';
