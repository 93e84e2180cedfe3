// What a student submits: a prompt *program*, not outputs. The grader renders it for each case.
import { z } from 'zod';
import { compileStudentPattern } from '../shared/student-pattern.js';

const ExampleInputSchema = z.union([z.string(), z.record(z.string(), z.string())]);

export const FewShotExampleSchema = z
  .object({
    /** A string for single-input tasks, or the input fields by name. */
    input: ExampleInputSchema,
    output: z.string(),
  })
  .strict();
export type FewShotExample = z.infer<typeof FewShotExampleSchema>;

export const TextTemplateSchema = z
  .object({
    /** Rendered with the case inputs: `{input}` or `{<field name>}`. */
    input: z.string().min(1).default('{input}'),
    /** Must contain `{output}`. What precedes it ends the prompt, e.g. "Sentiment:". */
    output: z.string().default('{output}'),
    /** Between the instruction and each example. */
    separator: z.string().default('\n\n'),
    /** Between the input part and the output part of one example. */
    joiner: z.string().default('\n'),
  })
  .strict()
  .refine((t) => t.output.includes('{output}'), { message: 'must contain the {output} placeholder', path: ['output'] });
export type TextTemplate = z.infer<typeof TextTemplateSchema>;

export const DecodingSchema = z
  .object({
    temperature: z.number().min(0).max(2).default(0),
    topP: z.number().gt(0).max(1).default(1),
    /** When absent, the task's maxOutputTokens. */
    maxTokens: z.number().int().positive().optional(),
    stop: z.array(z.string().min(1)).max(4, 'at most 4 stop sequences (the OpenAI API limit)').default([]),
  })
  .strict();
export type Decoding = z.infer<typeof DecodingSchema>;

export const AnswerSchema = z
  .object({
    /** `generate`: free generation then extraction. `score-choices`: rank the verbalizer words by likelihood. */
    mode: z.enum(['generate', 'score-choices']).default('generate'),
    /**
     * A regular expression in re2 syntax (no back-references or lookaround; see student-pattern.ts);
     * the first capture group (or the whole match) is the answer.
     */
    extract: z.string().optional(),
    /** Verbalizer: label -> words that mean it, e.g. { positive: ["positive", "great"] }. */
    labels: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.extract !== undefined) {
      // Checked with the engine that will run it, so whatever passes here can run in bounded time.
      const checked = compileStudentPattern(a.extract);
      if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['extract'], message: checked.problem });
    }
    if (a.mode === 'score-choices' && !a.labels) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'score-choices needs a verbalizer: give labels with their words' });
    }
  });
export type Answer = z.infer<typeof AnswerSchema>;

export const TextProgramSchema = z
  .object({
    kind: z.literal('text'),
    /** The task this program was written for; checked against the task being graded when present. */
    task: z.string().optional(),
    model: z.string().min(1),
    style: z.enum(['completion', 'chat']).default('completion'),
    instruction: z.string().default(''),
    examples: z.array(FewShotExampleSchema).default([]),
    template: TextTemplateSchema.default({ input: '{input}', output: '{output}', separator: '\n\n', joiner: '\n' }),
    /** Chat style only: few-shot examples as user/assistant turns, or inline in one user message. */
    examplesAs: z.enum(['turns', 'inline']).default('turns'),
    decoding: DecodingSchema.default({ temperature: 0, topP: 1, stop: [] }),
    answer: AnswerSchema.default({ mode: 'generate' }),
  })
  .strict();
export type TextProgram = z.infer<typeof TextProgramSchema>;

export const ImageTextProgramSchema = z
  .object({
    kind: z.literal('image-text'),
    task: z.string().optional(),
    model: z.string().min(1),
    /** Class id -> class names and synonyms. Retrieval tasks leave this empty. */
    labels: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
    /** Prompt templates with a `{label}` placeholder; their embeddings are averaged (an ensemble). */
    templates: z
      .array(
        z
          .string()
          .min(1)
          .refine((t) => t.includes('{label}'), 'must contain the {label} placeholder'),
      )
      .min(1)
      .default(['{label}']),
  })
  .strict();
export type ImageTextProgram = z.infer<typeof ImageTextProgramSchema>;

export const PromptProgramSchema = z.discriminatedUnion('kind', [TextProgramSchema, ImageTextProgramSchema]);
export type PromptProgram = z.infer<typeof PromptProgramSchema>;
