// A new program starts on the task's first model the server can use, not on one greyed out.
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../server/core/model.js';
import { defaultModelId } from '../../web/src/lib/task-models.js';

const info = (id: string, available?: boolean): ModelInfo => ({
  id,
  kind: 'text',
  provider: 'p',
  label: id,
  ...(available === undefined ? {} : { available }),
});

describe('defaultModelId', () => {
  it('skips models the server says it cannot use', () => {
    expect(defaultModelId({ models: ['a', 'b', 'c'] }, [info('a', false), info('b', false), info('c', true)])).toBe('c');
  });
  it('treats a model without health information as usable (older servers)', () => {
    expect(defaultModelId({ models: ['a', 'b'] }, [info('a'), info('b')])).toBe('a');
  });
  it('falls back to the first model when none can be used, so the picker still shows the task', () => {
    expect(defaultModelId({ models: ['a', 'b'] }, [info('a', false), info('b', false)])).toBe('a');
  });
});
