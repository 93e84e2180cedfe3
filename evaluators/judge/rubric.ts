// The rubric-judge evaluator's params (task.yaml), as a zod schema: the judge model, what the
// output should do, the criteria and the scale, and where a reference answer comes from.
import { z } from 'zod';

export const CriterionSchema = z
  .object({
    /** Key in the judge's answer: lowercase letters, digits and dashes, e.g. "main-point". */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes, like "main-point"'),
    /** What the judge checks, in one or two sentences. */
    description: z.string().min(1),
    weight: z.number().positive().default(1),
  })
  .strict();
export type Criterion = z.infer<typeof CriterionSchema>;

export const RubricJudgeParamsSchema = z
  .object({
    /** A configured text model id (models.yaml) that grades; chat models follow the format best. */
    model: z.string().min(1),
    /** What a good output does, told to the judge, e.g. "Summarise the review in one sentence...". */
    goal: z.string().min(1),
    criteria: z
      .array(CriterionSchema)
      .min(1, 'list at least one criterion')
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, { message: 'criterion names must be unique' }),
    /** Integer scale of every criterion, e.g. 1..5. */
    scale: z
      .object({ min: z.number().int().min(0), max: z.number().int().max(100) })
      .strict()
      .refine((s) => s.max > s.min, { message: 'max must be greater than min', path: ['max'] })
      .default({ min: 1, max: 5 }),
    /** Case field shown to the judge as a reference answer: "expected" (the case's expected value) or another field. */
    reference: z.string().min(1).optional(),
    /** Upper bound on the judge's answer; a longer answer is cut and then fails strict parsing. */
    maxTokens: z.number().int().min(32).max(2000).default(300),
  })
  .strict();
export type RubricJudgeParams = z.infer<typeof RubricJudgeParamsSchema>;
