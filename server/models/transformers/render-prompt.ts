// Turns a RenderedPrompt into the exact text a causal LM reads. Chat messages go through the
// model's own chat template when it has one (as Hugging Face does); otherwise they become a plain
// "Role: content" transcript ending in "Assistant:" so a base model continues as the assistant.
import type { PreTrainedTokenizer } from '@xenova/transformers';
import type { ChatMessage, RenderedPrompt } from '../../core/model.js';

export type PromptText = {
  text: string;
  /** Whether tokenizing should add the model's special tokens (a chat template already has them). */
  addSpecialTokens: boolean;
};

export function renderPromptText(prompt: RenderedPrompt, style: 'completion' | 'chat', tokenizer: PreTrainedTokenizer): PromptText {
  if (prompt.style === 'completion') {
    // A chat model reads a bare completion prompt as the user's message.
    if (style === 'chat' && hasChatTemplate(tokenizer)) return applyTemplate(tokenizer, [{ role: 'user', content: prompt.text }]);
    return { text: prompt.text, addSpecialTokens: true };
  }
  if (hasChatTemplate(tokenizer)) return applyTemplate(tokenizer, prompt.messages);
  const roles = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  const transcript = prompt.messages.map((message) => `${roles[message.role]}: ${message.content}`).join('\n\n');
  return { text: `${transcript}\n\nAssistant:`, addSpecialTokens: true };
}

function hasChatTemplate(tokenizer: PreTrainedTokenizer): boolean {
  // Without its own template v2 falls back to a default one and warns; we prefer our transcript.
  return (tokenizer as { chat_template?: unknown }).chat_template != null;
}

function applyTemplate(tokenizer: PreTrainedTokenizer, messages: ChatMessage[]): PromptText {
  const text = tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
  if (typeof text !== 'string') throw new Error('apply_chat_template did not return text');
  return { text, addSpecialTokens: false };
}
