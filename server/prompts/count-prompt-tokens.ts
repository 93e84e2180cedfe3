import type { RenderedPrompt } from '../core/model.js';

/**
 * Tokens of a rendered prompt with the model's tokenizer. Chat prompts add OpenAI's documented
 * overhead (about 3 tokens per message plus 3 to prime the reply) so limits match what is billed.
 */
export function countPromptTokens(prompt: RenderedPrompt, countTokens: (text: string) => number): number {
  if (prompt.style === 'completion') return countTokens(prompt.text);
  return prompt.messages.reduce((total, message) => total + 3 + countTokens(message.content), 3);
}
