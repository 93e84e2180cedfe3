// JSON Schema validation with ajv. Compiling is the expensive part (ajv generates code), so each
// distinct schema is compiled once and cached by its JSON text for the life of the process.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const ajv = new Ajv({
  // All errors, not just the first, so a student sees every missing field at once.
  allErrors: true,
  // Staff schemas may use `format` or vendor keywords; without ajv-formats they are ignored, not errors.
  strict: false,
  logger: false,
  // Two tasks may reuse the same $id with different content; do not register schemas globally.
  addUsedSchema: false,
});

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; problem: string };

const compiled = new Map<string, CompiledSchema>();

export function compileSchema(schema: Record<string, unknown>): CompiledSchema {
  const key = JSON.stringify(schema);
  let result = compiled.get(key);
  if (result === undefined) {
    try {
      result = { ok: true, validate: ajv.compile(schema) };
    } catch (error) {
      result = { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
    compiled.set(key, result);
  }
  return result;
}

/** "/age must be integer", "value must have required property 'name'", readable without ajv knowledge. */
export function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'value' : error.instancePath;
  const extra = error.keyword === 'additionalProperties' ? ` ("${String(error.params.additionalProperty)}")` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}
