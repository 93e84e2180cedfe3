// A *study* is a submission of several prompt programs run on the same cases and compared: the
// course's "prompt development" (three prompts, one model) and "model comparison" (one prompt,
// several models) exercises. Its written reflection is collected for staff, never auto-scored.
import { z } from 'zod';
import { localizedTextSchema } from './locale.js';
import { PromptProgramSchema } from './prompt-program.js';

export const StudyVariantSchema = z
  .object({
    /** Shown in the comparison table; for model comparison, the role it fills ("small", "base"...). */
    name: z.string().min(1).max(80),
    program: PromptProgramSchema,
  })
  .strict();

export const StudyProgramSchema = z
  .object({
    kind: z.literal('study'),
    task: z.string().optional(),
    variants: z.array(StudyVariantSchema).min(1, 'a study needs at least one variant').max(8, 'at most 8 variants'),
    reflection: z.string().max(20_000).default(''),
  })
  .strict()
  .refine((study) => new Set(study.variants.map((v) => v.name)).size === study.variants.length, {
    message: 'variant names must be different',
    path: ['variants'],
  });
export type StudyProgram = z.infer<typeof StudyProgramSchema>;

/** task.yaml `study:` block: what a complete study must contain. */
export const StudyConfigSchema = z
  .object({
    variants: z
      .object({ min: z.number().int().min(1).default(1), max: z.number().int().min(1).max(8).default(8) })
      .strict()
      .default({ min: 1, max: 8 }),
    /** Prompt development: every variant uses the same model. */
    sameModel: z.boolean().default(false),
    /** Model comparison: every variant is the same program, only the model (and its style) differ. */
    sameProgram: z.boolean().default(false),
    /** Model comparison: each role must be filled by a variant of that name on one of its models. */
    roles: z
      .array(
        z
          .object({
            /** The variant name that fills the role (what the grader matches): keep it one word. */
            name: z.string().min(1),
            /** How the role is shown to students, per language; defaults to `name`. */
            displayName: localizedTextSchema().optional(),
            description: localizedTextSchema({ allowEmpty: true }).default({ en: '' }),
            models: z.array(z.string().min(1)).min(1),
          })
          .strict(),
      )
      .default([]),
    /**
     * Roles that must be filled by one family (small and larger; base and instruction-tuned): the
     * two variants' models must be one of the listed pairs, so babbage-002 as "small" and gpt2 as
     * "larger" is not a size comparison. `tasks check` proves each pair is one family in models.yaml.
     */
    pairs: z
      .array(
        z
          .object({
            roles: z.tuple([z.string().min(1), z.string().min(1)]),
            models: z.array(z.tuple([z.string().min(1), z.string().min(1)])).min(1),
          })
          .strict(),
      )
      .default([]),
    reflection: z
      .object({
        required: z.boolean().default(true),
        minWords: z.number().int().min(0).default(50),
        prompt: localizedTextSchema({ allowEmpty: true }).default({ en: '' }),
      })
      .strict()
      .default({ required: true, minWords: 50, prompt: { en: '' } }),
    /** Share of the points for a complete study; the rest follows the best variant's metric. */
    completenessWeight: z.number().min(0).max(1).default(0.5),
  })
  .strict()
  .superRefine((study, context) => {
    // A pair names two declared roles, and each of its models is one its role allows.
    study.pairs.forEach((pair, index) => {
      const roles = pair.roles.map((name) => study.roles.find((role) => role.name === name));
      pair.roles.forEach((name, side) => {
        if (!roles[side]) context.addIssue({ code: 'custom', path: ['pairs', index, 'roles', side], message: `"${name}" is not one of the study's roles` });
      });
      if (pair.roles[0] === pair.roles[1]) context.addIssue({ code: 'custom', path: ['pairs', index, 'roles'], message: 'a pair names two different roles' });
      pair.models.forEach((models, option) => {
        models.forEach((model, side) => {
          const role = roles[side];
          if (role && !role.models.includes(model))
            context.addIssue({
              code: 'custom',
              path: ['pairs', index, 'models', option, side],
              message: `role "${role.name}" does not allow ${model} (its models: ${role.models.join(', ')})`,
            });
        });
      });
    });
  });
export type StudyConfig = z.infer<typeof StudyConfigSchema>;
