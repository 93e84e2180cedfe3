// A typed error crossing the inference pool's thread boundary keeps its sentences by code, so a
// pooled model's refusal reads in the student's language exactly like an in-process one's.
import { describe, expect, it } from 'vitest';
import { ProgramError, SandboxError } from '../../../server/core/errors.js';
import { InvalidImage } from '../../../server/models/images/invalid-image.js';
import { deserializeError, serializeError } from '../../../server/models/inference-pool/pool-errors.js';

const roundTrip = (error: unknown) => deserializeError(structuredClone(serializeError(error)), 'clip') as SandboxError;

describe('pool errors keep said', () => {
  it('an invalid image, a program error and a generic sandbox error', () => {
    const image = roundTrip(new InvalidImage('corrupt', 'cat.png', 'image cat.png could not be decoded'));
    expect(image).toBeInstanceOf(InvalidImage);
    expect(image.said).toEqual([{ code: 'image.corrupt', params: { file: 'cat.png' } }]);
    const program = roundTrip(new ProgramError(['too long'], [{ code: 'program.prompt_too_long', params: { tokens: 9, limit: 8 } }]));
    expect(program.said).toEqual([{ code: 'program.prompt_too_long', params: { tokens: 9, limit: 8 } }]);
    expect(roundTrip(new SandboxError('x', 'plain')).said).toEqual([]);
  });
});
