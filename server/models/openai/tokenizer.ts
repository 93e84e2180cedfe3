// Local token counting with OpenAI's own BPE encodings (gpt-tokenizer, offline). Used for prompt
// limits before a call and for usage when a server does not report it.
import { createRequire } from 'node:module';

export const ENCODING_NAMES = ['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base'] as const;
export type EncodingName = (typeof ENCODING_NAMES)[number];

type EncodingModule = { countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number };

// Each encoding's rank table is megabytes; `require` lets a synchronous countTokens load only the
// encodings that configured models actually use, on first use.
const require = createRequire(import.meta.url);
const loaded = new Map<EncodingName, EncodingModule>();

function loadEncoding(name: EncodingName): EncodingModule {
  let module = loaded.get(name);
  if (!module) {
    module = require(`gpt-tokenizer/encoding/${name}`) as EncodingModule;
    loaded.set(name, module);
  }
  return module;
}

/**
 * The encoding a remote model name uses. `estimate` is true when the name is not recognised: then
 * o200k_base (current OpenAI models) is only an approximation, e.g. for a Llama served by vLLM.
 */
export function encodingForModel(remoteModel: string): { encoding: EncodingName; estimate: boolean } {
  const name = remoteModel.toLowerCase().replace(/^openai\//, '');
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|gpt-oss)/.test(name)) return { encoding: 'o200k_base', estimate: false };
  if (/^(gpt-4|gpt-3\.5|davinci-002|babbage-002|text-embedding-3|text-embedding-ada-002)/.test(name)) {
    return { encoding: 'cl100k_base', estimate: false };
  }
  if (/^(text-davinci-00[23]|code-davinci|code-cushman)/.test(name)) return { encoding: 'p50k_base', estimate: false };
  if (/^(gpt-?2|davinci$|curie$|babbage$|ada$|text-(ada|babbage|curie|davinci)-001)/.test(name)) {
    return { encoding: 'r50k_base', estimate: false };
  }
  return { encoding: 'o200k_base', estimate: true };
}

// Student text may contain "<|endoftext|>"; count it as ordinary text instead of throwing.
const NO_SPECIAL_TOKENS = { disallowedSpecial: new Set<string>() };

export function createTokenCounter(encoding: EncodingName): (text: string) => number {
  return (text) => (text ? loadEncoding(encoding).countTokens(text, NO_SPECIAL_TOKENS) : 0);
}

/**
 * Prompt tokens of a chat request, counted locally: OpenAI frames each message with about 3
 * tokens and primes the reply with 3 more (the cookbook's formula), so this is close, not exact.
 */
export function countChatTokens(messages: { content: string }[], countTokens: (text: string) => number): number {
  return messages.reduce((total, message) => total + 3 + countTokens(message.content), 3);
}
