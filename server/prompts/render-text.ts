// Renders a text prompt program for one case into exactly what the model receives. Pure: the web
// page calls the same function for its live preview, so what students see is what is sent.
import type { ChatMessage, RenderedPrompt } from '../core/model.js';
import type { FewShotExample, TextProgram } from '../core/prompt-program.js';
import { fillTemplate } from './fill-template.js';

/** The case's inputs, plus `{input}` as an alias when the task has one input field. */
export function templateValues(inputs: Record<string, string>): Record<string, string> {
  const values = { ...inputs };
  const names = Object.keys(inputs);
  if (names.length === 1 && values.input === undefined) values.input = inputs[names[0]!]!;
  return values;
}

export function exampleInputs(example: FewShotExample, inputFieldNames: string[]): Record<string, string> {
  if (typeof example.input === 'string') {
    return Object.fromEntries(inputFieldNames.length ? [[inputFieldNames[0]!, example.input]] : [['input', example.input]]);
  }
  return example.input;
}

/**
 * The part of the output template before `{output}`: it ends the prompt ("Sentiment:"). Trailing
 * spaces are dropped because BPE tokenizers attach the space to the next word (" positive").
 */
export function outputPrefix(program: TextProgram): string {
  const index = program.template.output.indexOf('{output}');
  return fillTemplate(program.template.output.slice(0, index), {}, 'template.output').replace(/[ \t]+$/, '');
}

function renderExample(program: TextProgram, inputs: Record<string, string>, output: string | null, where: string): string {
  const { template } = program;
  const input = fillTemplate(template.input, templateValues(inputs), `${where} (template.input)`);
  const outputPart = output === null ? outputPrefix(program) : fillTemplate(template.output, { output }, `${where} (template.output)`);
  return `${input}${template.joiner}${outputPart}`;
}

function renderInlineText(program: TextProgram, inputs: Record<string, string>, inputFieldNames: string[]): string {
  const parts: string[] = [];
  if (program.instruction.trim()) parts.push(program.instruction);
  program.examples.forEach((example, index) => {
    parts.push(renderExample(program, exampleInputs(example, inputFieldNames), example.output, `example ${index + 1}`));
  });
  parts.push(renderExample(program, inputs, null, 'the case'));
  return parts.join(program.template.separator);
}

export function renderTextPrompt(program: TextProgram, inputs: Record<string, string>, inputFieldNames: string[]): RenderedPrompt {
  if (program.style === 'completion') return { style: 'completion', text: renderInlineText(program, inputs, inputFieldNames) };

  const messages: ChatMessage[] = [];
  if (program.examplesAs === 'inline') {
    if (program.instruction.trim()) messages.push({ role: 'system', content: program.instruction });
    const withoutInstruction = { ...program, instruction: '' };
    messages.push({ role: 'user', content: renderInlineText(withoutInstruction, inputs, inputFieldNames) });
    return { style: 'chat', messages };
  }
  if (program.instruction.trim()) messages.push({ role: 'system', content: program.instruction });
  const userTurn = (values: Record<string, string>, where: string) => fillTemplate(program.template.input, templateValues(values), `${where} (template.input)`);
  program.examples.forEach((example, index) => {
    messages.push({ role: 'user', content: userTurn(exampleInputs(example, inputFieldNames), `example ${index + 1}`) });
    messages.push({ role: 'assistant', content: fillTemplate(program.template.output, { output: example.output }, `example ${index + 1} (template.output)`) });
  });
  messages.push({ role: 'user', content: userTurn(inputs, 'the case') });
  return { style: 'chat', messages };
}

/** The case's input as the student's input template shows it (the "input" column of a report). */
export function renderCaseInput(program: TextProgram, inputs: Record<string, string>): string {
  return fillTemplate(program.template.input, templateValues(inputs), 'template.input');
}

/** The prompt as one string, for display and for token limits of completion-style prompts. */
export function promptText(prompt: RenderedPrompt): string {
  if (prompt.style === 'completion') return prompt.text;
  return prompt.messages.map((message) => `[${message.role}]\n${message.content}`).join('\n\n');
}
