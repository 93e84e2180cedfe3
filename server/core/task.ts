// A task as staff write it (task.yaml) and as the catalog loads it (with its cases).
// Schemas are `.strict()`: a misspelt key in a hand-written YAML file is an error, not a silent default.
import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from './json.js';
import { LocaleSchema, localizedTextSchema, type LocalizedText } from './locale.js';
import { StudyConfigSchema } from './study.js';

export const TaskIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes (like "sentiment-2"), at most 64 characters');

export const ModalitySchema = z.enum(['text', 'image-text']);
export type Modality = z.infer<typeof ModalitySchema>;

export const EvaluatorUseSchema = z
  .object({
    /** Evaluator name from the evaluators/ registry, e.g. "exact-match". */
    name: z.string().min(1),
    /** Shown in reports; defaults to the evaluator name. Needed when one evaluator is used twice. */
    label: z.string().min(1).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    weight: z.number().positive().default(1),
  })
  .strict();
export type EvaluatorUse = z.infer<typeof EvaluatorUseSchema>;

export const AggregateSchema = z.enum(['mean', 'accuracy', 'macro-f1', 'mean-per-class-recall']);
export type Aggregate = z.infer<typeof AggregateSchema>;

export const TaskConfigSchema = z
  .object({
    id: TaskIdSchema,
    version: z.union([z.number().int().positive(), z.string().min(1)]).transform(String),
    /** A string (English) or one text per language: `{ en: ..., zh-CN: ... }`. */
    title: localizedTextSchema(),
    /** Student-facing markdown. When empty the task folder's README.md (README.zh-CN.md...) is used. */
    description: localizedTextSchema({ allowEmpty: true }).default({ en: '' }),
    modality: ModalitySchema,
    /** image-text tasks: classify each image, or rank a gallery of images for each text query. */
    mode: z.enum(['classify', 'retrieve']).default('classify'),
    /** Model ids (from models.yaml) a student may use on this task; the first is the default. */
    models: z.array(z.string().min(1)).min(1, 'list at least one allowed model'),
    fields: z
      .object({
        /** The case field(s) a prompt sees. Several fields become several `{placeholders}`. */
        input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
        expected: z.string().min(1),
        /** For classification: the only allowed expected values. Enables macro-F1 and verbalizers. */
        labels: z.array(z.string().min(1)).min(2, 'list at least two labels').optional(),
        /** How a label is shown to students, per language (the label itself stays what is graded). */
        labelNames: z.record(z.string().min(1), localizedTextSchema()).optional(),
      })
      .strict(),
    limits: z
      .object({
        maxExamples: z.number().int().min(0).default(8),
        maxPromptTokens: z.number().int().positive().default(2048),
        maxOutputTokens: z.number().int().positive().default(256),
        maxTemplates: z.number().int().positive().default(100),
      })
      .strict()
      .default({ maxExamples: 8, maxPromptTokens: 2048, maxOutputTokens: 256, maxTemplates: 100 }),
    evaluators: z.array(EvaluatorUseSchema).min(1, 'list at least one evaluator'),
    metric: z
      .object({
        aggregate: AggregateSchema.default('mean'),
        /** For `accuracy`: a case counts as right when its weighted score reaches this. */
        threshold: z.number().min(0).max(1).default(1),
      })
      .strict()
      .default({ aggregate: 'mean', threshold: 1 }),
    points: z
      .object({
        max: z.number().positive().default(10),
        /** Metric at or below which the task earns 0 points (usually the chance baseline). */
        baseline: z.number().min(0).max(1),
        /** Metric at or above which the task earns full points; linear in between. */
        target: z.number().min(0).max(1),
      })
      .strict()
      .refine((p) => p.target > p.baseline, { message: 'target must be greater than baseline', path: ['target'] }),
    submissions: z
      .object({ perDay: z.number().int().positive().default(10) })
      .strict()
      .default({ perDay: 10 }),
    /** Use the dev/test cases (and images) of another task folder instead of this folder's own. */
    casesFrom: TaskIdSchema.optional(),
    /** Present on study tasks: submissions are several programs compared on the same cases. */
    study: StudyConfigSchema.optional(),
    /**
     * Tasks graded by a judge model (rubric-judge): what `tasks check` demands of the judge.
     * Calibration scores the staff's judge-examples.jsonl (outputs with known scores); the
     * manipulation check scores the shipped adversarial outputs, each of which must stay low.
     */
    judge: z
      .object({
        calibration: z
          .object({
            /** Least Spearman rank correlation between the judge's scores and the staff's. */
            minSpearman: z.number().min(-1).max(1).default(0.7),
            /** Largest mean absolute difference between the judge's scores and the staff's (0..1 scale). */
            maxMeanAbsoluteError: z.number().min(0).max(1).default(0.2),
          })
          .strict()
          .default({ minSpearman: 0.7, maxMeanAbsoluteError: 0.2 }),
        /** Highest score any adversarial output may get. */
        manipulationMaxScore: z.number().min(0).max(1).default(0.2),
      })
      .strict()
      .optional(),
    gradescope: z
      .object({
        visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).default('visible'),
        /** The language of the results students read on Gradescope (the CLI's --lang overrides it). */
        language: LocaleSchema.default('en'),
      })
      .strict()
      .default({ visibility: 'visible', language: 'en' }),
  })
  .strict();
export type TaskConfig = z.infer<typeof TaskConfigSchema>;

export type Split = 'dev' | 'test';

/** One case after loading: inputs by field name, the expected value, and for image-text the image path. */
export type TaskCase = {
  id: string;
  split: Split;
  /** Text inputs by field name. For image-text classify tasks the input field holds the image file name. */
  inputs: Record<string, string>;
  expected: JsonValue;
  /** Absolute path of the case image (image-text classify), when there is one. */
  imagePath?: string;
  /** Every other field of the line, kept for evaluators that need more context. */
  extra: Record<string, JsonValue>;
};

export const CaseLineSchema = z.record(z.string(), JsonValueSchema);

export type Task = TaskConfig & {
  /** Absolute folder of the task. */
  dir: string;
  /** Absolute folder its cases and images come from: `dir`, or the `casesFrom` task's folder. */
  casesDir: string;
  /** README.md as `en`, README.zh-CN.md as `zh-CN`...; `en` is '' when there is no README.md. */
  readme: LocalizedText;
  dev: TaskCase[];
  /** Hidden. Never sent to a student, logged where a student can see it, or put in an error message. */
  test: TaskCase[];
};

export function inputFields(task: Pick<TaskConfig, 'fields'>): string[] {
  return Array.isArray(task.fields.input) ? task.fields.input : [task.fields.input];
}

/** "30m", "2h", "3d": grace periods and cutoffs relative to the due date. */
const DurationSchema = z.string().regex(/^\s*\d+(\.\d+)?\s*(m|min|mins|minutes?|h|hours?|d|days?)\s*$/i, 'must be a duration like "15m", "2h" or "3d"');
const IsoWithOffsetSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time with its offset, like "2027-01-22T23:59:00-08:00"' });

export const LatePolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      /** Percent of the raw points taken off per started day (or hour) after due + grace. */
      kind: z.enum(['per-day', 'per-hour']),
      percent: z.number().positive().max(100),
      /** The most that is ever taken off, in percent. */
      cap: z.number().positive().max(100).default(100),
    })
    .strict(),
]);

/**
 * Deadline settings: at the assignment level they are the defaults of every task; a task entry
 * overrides any of them. Resolved per task by the catalog (server/catalog/resolve-deadline.ts).
 */
const deadlineFields = {
  /** ISO 8601 with offset, e.g. 2026-10-01T23:59:00-07:00 */
  due: IsoWithOffsetSchema.optional(),
  /** IANA time zone the due date is shown in (default UTC); the due date's offset must be this zone's. */
  timeZone: z.string().min(1).optional(),
  /** Late submissions within this time after the due date are on time (no penalty, flagged "grace"). */
  grace: DurationSchema.optional(),
  late: LatePolicySchema.optional(),
  /** After this, submissions are refused: an ISO date and time, or a duration after the due date ("7d"). */
  cutoff: z
    .string()
    .refine((value) => IsoWithOffsetSchema.safeParse(value).success || DurationSchema.safeParse(value).success, {
      message: 'must be an ISO 8601 date and time with its offset, like "2027-01-29T23:59:00-08:00", or a duration after the due date, like "7d"',
    })
    .optional(),
  /** Which submission sets the task's grade. */
  counts: z.enum(['best', 'last', 'best-before-due']).optional(),
};

export const AssignmentSchema = z
  .object({
    id: TaskIdSchema,
    title: localizedTextSchema(),
    /** The assignment's introduction (markdown), one per language or a string (English). */
    description: localizedTextSchema({ allowEmpty: true }).default({ en: '' }),
    ...deadlineFields,
    tasks: z
      .array(
        z
          .object({
            task: TaskIdSchema,
            /** Overrides the task's own points.max. */
            points: z.number().positive().optional(),
            ...deadlineFields,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Assignment = z.infer<typeof AssignmentSchema>;
export type AssignmentTaskEntry = Assignment['tasks'][number];
