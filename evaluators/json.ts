// Structured output: is the answer valid JSON, does it follow the task's JSON Schema, and do its fields
// hold the expected values? Each part earns its weight, so a student sees which part they lost.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import { isObject, ownField, valuesMatch } from './json/compare.js';
import { extractJson } from './json/extract.js';
import { compileSchema, describeSchemaError } from './json/schema.js';
import { describeValue } from './text/expected.js';
import { unscorable } from './result.js';

const NAME = 'json';
const SCHEMA_ERRORS_SHOWN = 3;
const DEFAULT_WEIGHTS = { validity: 0.2, schema: 0.2, fields: 0.6 };

const weightsSchema = z
  .object({
    validity: z.number().min(0, 'weights.validity must be 0 or more').default(DEFAULT_WEIGHTS.validity),
    schema: z.number().min(0, 'weights.schema must be 0 or more').default(DEFAULT_WEIGHTS.schema),
    fields: z.number().min(0, 'weights.fields must be 0 or more').default(DEFAULT_WEIGHTS.fields),
  })
  .strict();

const paramsSchema = z
  .object({
    /** A JSON Schema object the parsed output must satisfy (`format` is not checked). */
    schema: z
      .record(z.string(), z.unknown(), { error: 'schema must be a JSON Schema object, e.g. {type: object, required: [name]}' })
      .superRefine((schema, context) => {
        const compiled = compileSchema(schema);
        if (!compiled.ok) context.addIssue({ code: 'custom', message: `schema is not a valid JSON Schema: ${compiled.problem}` });
      })
      .optional(),
    /** Fields of expected to compare; default every key of expected. */
    fields: z.array(z.string().min(1, 'fields must not contain an empty name')).min(1, 'fields must list at least one field name').optional(),
    weights: weightsSchema.default(DEFAULT_WEIGHTS),
  })
  .strict()
  .refine((params) => params.weights.validity + params.weights.schema + params.weights.fields > 0, {
    message: 'weights must not all be 0',
    path: ['weights'],
  });
export type JsonParams = z.infer<typeof paramsSchema>;

function checkExpected(expected: JsonValue, params: JsonParams): string | null {
  if (!isObject(expected)) {
    return `"expected" must be a JSON object whose fields the output should match ({} to compare none), got ${describeValue(expected)}`;
  }
  const absent = (params.fields ?? []).filter((field) => !Object.hasOwn(expected, field));
  return absent.length === 0 ? null : `"expected" has no field ${absent.map((field) => `"${field}"`).join(', ')} (listed in params.fields)`;
}

type Part = { weight: number; score: number };

export const json: Evaluator<JsonParams> = {
  name: NAME,
  description:
    'Parses JSON from the output (a ```json fence or surrounding prose is tolerated) and scores a weighted mix of validity, JSON Schema conformance and per-field agreement with the expected object; invalid JSON scores 0.',
  params: paramsSchema,
  checkExpected,
  score({ output, expected, params }) {
    const problem = checkExpected(expected, params);
    if (problem !== null || !isObject(expected)) return unscorable(NAME, problem ?? '"expected" must be a JSON object');
    const extracted = extractJson(output);
    if (!extracted.ok) return { name: NAME, score: 0, details: { valid: false, schemaErrors: [], fields: {} } };

    const parts: Part[] = [{ weight: params.weights.validity, score: 1 }];
    const schemaErrors: string[] = [];
    if (params.schema !== undefined) {
      const compiled = compileSchema(params.schema);
      // The params schema already rejected uncompilable schemas; this only guards direct calls.
      if (!compiled.ok) return unscorable(NAME, `schema is not a valid JSON Schema: ${compiled.problem}`);
      const conforms = compiled.validate(extracted.value);
      for (const error of (compiled.validate.errors ?? []).slice(0, SCHEMA_ERRORS_SHOWN)) schemaErrors.push(describeSchemaError(error));
      parts.push({ weight: params.weights.schema, score: conforms ? 1 : 0 });
    }

    const fieldNames = params.fields ?? Object.keys(expected);
    const actual = isObject(extracted.value) ? extracted.value : {};
    const fieldScores = fieldNames.map((field): [string, number] => [field, valuesMatch(ownField(expected, field) ?? null, ownField(actual, field)) ? 1 : 0]);
    if (fieldNames.length > 0) {
      const matched = fieldScores.filter(([, fieldScore]) => fieldScore === 1).length;
      parts.push({ weight: params.weights.fields, score: matched / fieldNames.length });
    }
    // fromEntries defines own properties, so a field named "__proto__" cannot alter the object.
    const fields: Record<string, JsonValue> = Object.fromEntries(fieldScores);

    // Normalise over the parts that apply. If they all weigh 0 (say validity 0 and no schema or
    // fields), validity is all there is to judge, and the JSON parsed.
    const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
    const score = totalWeight === 0 ? 1 : parts.reduce((sum, part) => sum + part.weight * part.score, 0) / totalWeight;
    return { name: NAME, score, details: { valid: true, extractedFrom: extracted.from, schemaErrors, fields } };
  },
};
