// Gradescope's results.json, as documented for autograders. Tests validate our output against it.
import { z } from 'zod';

const Visibility = z.enum(['hidden', 'after_due_date', 'after_published', 'visible']);
const OutputFormat = z.enum(['text', 'html', 'simple_format', 'md', 'ansi']);

export const GradescopeTestSchema = z
  .object({
    score: z.number().optional(),
    max_score: z.number().optional(),
    status: z.enum(['passed', 'failed']).optional(),
    name: z.string().optional(),
    name_format: OutputFormat.optional(),
    number: z.string().optional(),
    output: z.string().optional(),
    output_format: OutputFormat.optional(),
    tags: z.array(z.string()).optional(),
    visibility: Visibility.optional(),
    extra_data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const GradescopeResultsSchema = z
  .object({
    score: z.number().optional(),
    execution_time: z.number().optional(),
    output: z.string().optional(),
    output_format: OutputFormat.optional(),
    test_output_format: OutputFormat.optional(),
    test_name_format: OutputFormat.optional(),
    visibility: Visibility.optional(),
    stdout_visibility: Visibility.optional(),
    extra_data: z.record(z.string(), z.unknown()).optional(),
    tests: z.array(GradescopeTestSchema).optional(),
    leaderboard: z
      .array(z.object({ name: z.string(), value: z.union([z.number(), z.string()]), order: z.enum(['asc', 'desc']).optional() }).strict())
      .optional(),
  })
  .strict()
  .refine((results) => results.score !== undefined || (results.tests ?? []).every((test) => test.score !== undefined), {
    message: 'either a top-level score or a score on every test is required',
  });
export type GradescopeResults = z.infer<typeof GradescopeResultsSchema>;
