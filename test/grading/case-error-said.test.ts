// A case that could not be run says why by code when the sandbox said it so: a provider failure by
// its kind only (never the provider's own text), a bad image or program problem by its own code.
import { describe, expect, it } from 'vitest';
import { NotFound, ProgramError, ProviderError } from '../../server/core/errors.js';
import { caseErrorFields } from '../../server/grading/case-error-text.js';
import { InvalidImage } from '../../server/models/images/invalid-image.js';
import { renderMessage } from '../../server/shared/messages/render-message.js';

describe('caseErrorFields', () => {
  it('a provider failure is said by kind, whatever the provider wrote', () => {
    const limited = caseErrorFields(new ProviderError('429 from https://secret.example/v1 key sk-123', { status: 429, retryable: true }));
    expect(limited.errorSaid).toEqual({ code: 'provider.rate_limited', params: {} });
    expect(JSON.stringify(limited)).not.toContain('secret');
    expect(caseErrorFields(new ProviderError('ECONNREFUSED 10.0.0.1', { retryable: true, connection: true })).errorSaid?.code).toBe('provider.unreachable');
    expect(caseErrorFields(new ProviderError('boom', { status: 500, retryable: false })).errorSaid?.code).toBe('provider.failed');
  });

  it("the sandbox's own errors keep their code; an uncoded or multi-line one has only English", () => {
    const image = caseErrorFields(new InvalidImage('too-many-bytes', 'cat.png', 'image cat.png is 9 MB', { bytes: 9_000_000, maxBytes: 5_000_000 }));
    expect(image.errorSaid).toEqual({ code: 'image.too_many_bytes', params: { file: 'cat.png', bytes: 9_000_000, maxBytes: 5_000_000 } });
    expect(renderMessage(image.errorSaid!, 'zh-CN')).toBe('图片 cat.png 有 9,000,000 字节，超过了每张图片 5,000,000 字节的上限。');
    expect(caseErrorFields(new Error('plain')).errorSaid).toBeUndefined();
    expect(caseErrorFields(new ProgramError(['a', 'b'])).errorSaid).toBeUndefined();
    expect(caseErrorFields(new NotFound('model')).errorSaid).toEqual({ code: 'not_found.thing', params: {} });
  });
});
