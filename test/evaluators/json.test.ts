import { describe, expect, it } from 'vitest';
import { json } from '../../evaluators/json.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const person = { name: 'Ada', age: 36 };
const personSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' } },
  required: ['name', 'age'],
};
const defaultWeights = { validity: 0.2, schema: 0.2, fields: 0.6 };

describe('json', () => {
  it('scores 1 for valid JSON with every expected field', async () => {
    expect(await scoreWith(json, '{"name": "Ada", "age": 36}', person)).toEqual({
      name: 'json',
      score: 1,
      details: { valid: true, extractedFrom: 'whole', schemaErrors: [], fields: { name: 1, age: 1 } },
    });
  });

  it('weighs validity and fields over the parts that apply when there is no schema', async () => {
    // validity 0.2·1 + fields 0.6·(1/2), normalised by 0.8: 0.5 / 0.8 = 0.625.
    expect(await scoreOf(json, '{"name": "Ada", "age": 35}', person)).toBeCloseTo(0.625, 12);
  });

  it('adds the schema part and reports the first schema errors', async () => {
    // validity 0.2 + schema 0.2·0 + fields 0.6·1 = 0.8 ("36" still equals 36 as a field value).
    const result = await scoreWith(json, '{"name": "Ada", "age": "36"}', person, { params: { schema: personSchema } });
    expect(result.score).toBeCloseTo(0.8, 12);
    expect(result.details?.schemaErrors).toEqual(['/age must be integer']);
  });

  it('shows at most three schema errors', async () => {
    const schema = { type: 'object', required: ['a', 'b', 'c', 'd'] };
    const result = await scoreWith(json, '{}', {}, { params: { schema } });
    expect(result.details?.schemaErrors).toEqual([
      "value must have required property 'a'",
      "value must have required property 'b'",
      "value must have required property 'c'",
    ]);
    // validity 0.2·1 + schema 0.2·0, no fields to compare: 0.2 / 0.4.
    expect(result.score).toBeCloseTo(0.5, 12);
  });

  it('finds JSON in a fenced block or surrounded by prose', async () => {
    const fenced = await scoreWith(json, 'Here you go:\n```json\n{"name": "Ada", "age": 36}\n```\nAnything else?', person);
    expect(fenced).toMatchObject({ score: 1, details: { extractedFrom: 'fence' } });
    const prose = await scoreWith(json, 'Sure! {"name": "Ada", "note": "use {braces}", "age": 36} Hope it helps.', person);
    expect(prose).toMatchObject({ score: 1, details: { extractedFrom: 'embedded' } });
  });

  it('compares string fields normalised: case, whitespace, punctuation, full-width, Chinese', async () => {
    const expected = { city: 'Paris', capital: '北京', drink: 'café' };
    const output = '{"city": "  PARIS. ", "capital": "北京。", "drink": "ＣＡＦＥ\u0301"}';
    expect(await scoreOf(json, output, expected)).toBe(1);
  });

  it('compares numbers numerically and accepts numeric strings', async () => {
    expect(await scoreOf(json, '{"age": 36.0}', { age: 36 })).toBe(1);
    expect(await scoreOf(json, '{"age": "36"}', { age: 36 })).toBe(1);
    expect(await scoreOf(json, '{"age": "thirty-six"}', { age: 36 })).toBeCloseTo(0.25, 12);
  });

  it('compares only the listed fields', async () => {
    const result = await scoreWith(json, '{"name": "Ada", "age": 99}', person, { params: { fields: ['name'] } });
    expect(result.score).toBe(1);
    expect(result.details?.fields).toEqual({ name: 1 });
  });

  it('uses custom weights', async () => {
    const params = { weights: { validity: 0, schema: 0, fields: 1 } };
    expect(await scoreOf(json, '{"name": "Ada", "age": 35}', person, { params })).toBe(0.5);
  });

  it('scores a JSON value of the wrong shape on validity only', async () => {
    // An array parses (validity 0.2·1) but has no fields (0.6·0): 0.2 / 0.8 = 0.25.
    expect(await scoreOf(json, '[1, 2]', person)).toBeCloseTo(0.25, 12);
  });

  it('scores invalid and empty output 0', async () => {
    const invalid = { name: 'json', score: 0, details: { valid: false, schemaErrors: [], fields: {} } };
    expect(await scoreWith(json, '{"name": "Ada", age: 36}', person)).toEqual(invalid);
    expect(await scoreWith(json, '', person)).toEqual(invalid);
    expect(await scoreWith(json, 'The name is Ada.', person)).toEqual(invalid);
  });

  it('does not find inherited properties such as "toString"', async () => {
    expect(await scoreWith(json, '{}', { toString: 'x' })).toMatchObject({ details: { fields: { toString: 0 } } });
  });

  it('checks that expected is an object holding the listed fields', async () => {
    expect(json.checkExpected?.([1], { weights: defaultWeights })).toBe(
      '"expected" must be a JSON object whose fields the output should match ({} to compare none), got [1]',
    );
    expect(json.checkExpected?.(person, { fields: ['name', 'city'], weights: defaultWeights })).toBe(
      '"expected" has no field "city" (listed in params.fields)',
    );
    expect(json.checkExpected?.(person, { weights: defaultWeights })).toBeNull();
    expect(await scoreOf(json, '{}', 'Ada')).toBeNull();
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(json, { schema: 'object' })).toContain('schema must be a JSON Schema object');
    expect(paramsProblem(json, { schema: { type: 'nonsense' } })).toContain('schema is not a valid JSON Schema');
    expect(paramsProblem(json, { weights: { validity: 0, schema: 0, fields: 0 } })).toContain('weights must not all be 0');
    expect(paramsProblem(json, { weights: { validity: -1 } })).toContain('weights.validity must be 0 or more');
    expect(paramsProblem(json, { weights: { format: 1 } })).toContain('Unrecognized key: "format"');
    expect(paramsProblem(json, { fields: [] })).toContain('fields must list at least one field name');
  });
});
