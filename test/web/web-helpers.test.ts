import { describe, expect, it } from 'vitest';
import type { PublicTask } from '../../server/core/api.js';
import { cleanImageTextProgram, cleanTextProgram } from '../../web/src/lib/clean-program.js';
import { CLIP_PAPER_TEMPLATES, PHOTO_TEMPLATES } from '../../web/src/lib/clip-templates.js';
import { escapeVisible, unescapeVisible } from '../../web/src/lib/escape-text.js';
import { defaultTextProgram, mergeImageTextDraft, mergeTextDraft, defaultImageTextProgram } from '../../web/src/lib/program-defaults.js';
import { matchRoute } from '../../web/src/router/match-route.js';
import { TextProgramSchema, ImageTextProgramSchema } from '../../server/core/prompt-program.js';

const task = {
  id: 'sentiment',
  version: '1',
  title: 'Sentiment',
  description: '',
  descriptionLocale: 'en' as const,
  modality: 'text',
  mode: 'classify',
  models: ['gpt-4o-mini', 'davinci-002'],
  fields: { input: 'review', expected: 'label', labels: ['positive', 'negative'] },
  limits: { maxExamples: 8, maxPromptTokens: 1024, maxOutputTokens: 16, maxTemplates: 100 },
  evaluators: [],
  metric: { aggregate: 'macro-f1', threshold: 1 },
  points: { max: 10, baseline: 0.5, target: 0.9 },
  submissions: { perDay: 10 },
  dev: [],
  testCount: 0,
  study: null,
} satisfies PublicTask;
const models = [{ id: 'gpt-4o-mini', kind: 'text' as const, style: 'chat' as const, provider: 'openai', label: 'GPT-4o mini' }];

describe('program defaults and drafts', () => {
  it('starts from a valid program that follows the default model', () => {
    const program = defaultTextProgram(task, models);
    expect(program.style).toBe('chat');
    expect(program.template.input).toBe('Review: {input}');
    expect(program.answer.labels).toEqual({ positive: ['positive'], negative: ['negative'] });
    expect(TextProgramSchema.safeParse(cleanTextProgram(program)).success).toBe(true);
    expect(
      ImageTextProgramSchema.safeParse(cleanImageTextProgram(defaultImageTextProgram({ ...task, modality: 'image-text', models: ['clip'] }))).success,
    ).toBe(true);
  });

  it('merges a partial or malformed draft onto the defaults', () => {
    const base = defaultTextProgram(task, models);
    const merged = mergeTextDraft(
      { kind: 'text', instruction: 'Be brief.', examples: [{ input: 'x', output: 'y' }, { bogus: 1 }], decoding: { temperature: 'hot' } },
      base,
    );
    expect(merged.instruction).toBe('Be brief.');
    expect(merged.examples).toEqual([{ input: 'x', output: 'y' }]);
    expect(merged.decoding.temperature).toBe(0);
    expect(merged.model).toBe('gpt-4o-mini');
    expect(mergeTextDraft({ kind: 'image-text' }, base)).toBe(base);
    expect(mergeTextDraft(null, base)).toBe(base);
    expect(mergeImageTextDraft({ kind: 'image-text', templates: [] }, defaultImageTextProgram(task)).templates).toEqual(['a photo of a {label}.']);
  });

  it('cleans half-typed values before sending', () => {
    const base = defaultTextProgram(task, models);
    const cleaned = cleanTextProgram({
      ...base,
      decoding: { ...base.decoding, stop: ['\n', ''] },
      answer: { mode: 'generate', extract: '  ', labels: { positive: ['good', ' '], negative: [''] } },
    });
    expect(cleaned.decoding.stop).toEqual(['\n']);
    expect(cleaned.answer).toEqual({ mode: 'generate', labels: { positive: ['good'] } });
    expect(cleanImageTextProgram({ kind: 'image-text', model: 'm', labels: { cat: ['cat', ''], dog: [' '] }, templates: ['{label}', ' '] })).toEqual({
      kind: 'image-text',
      model: 'm',
      labels: { cat: ['cat'] },
      templates: ['{label}'],
    });
  });
});

describe('small helpers', () => {
  it('escapes invisible characters round trip', () => {
    for (const value of ['\n\n', '\t', 'a\\nb', '\\', '\r\n']) expect(unescapeVisible(escapeVisible(value))).toBe(value);
    expect(escapeVisible('\n###\n')).toBe('\\n###\\n');
  });

  it('matches routes with decoded params', () => {
    expect(matchRoute('/tasks/:taskId/compare', '/tasks/nli/compare')).toEqual({ taskId: 'nli' });
    expect(matchRoute('/tasks/:taskId', '/tasks/nli/compare')).toBeNull();
    expect(matchRoute('/submissions/:id', '/submissions/a%20b')).toEqual({ id: 'a b' });
    expect(matchRoute('/submissions/:id', '/submissions/%E0%A4%A')).toBeNull();
    expect(matchRoute('/', '/')).toEqual({});
  });

  it('ships the 80 CLIP-paper templates, each with one {label}', () => {
    expect(CLIP_PAPER_TEMPLATES).toHaveLength(80);
    expect(new Set(CLIP_PAPER_TEMPLATES).size).toBe(80);
    for (const template of [...CLIP_PAPER_TEMPLATES, ...PHOTO_TEMPLATES]) expect(template.match(/\{label\}/g)).toHaveLength(1);
  });
});

describe('errorHint', () => {
  it('blames the image, not the program, for an unusable upload; other 400s still point at the program', async () => {
    const { errorHint } = await import('../../web/src/lib/error-hint.js');
    const { ApiError } = await import('../../web/src/api/api-error.js');
    expect(errorHint(new ApiError(400, 'invalid_image', 'holiday.png is not a complete PNG file'))).toBe('error.hint.image');
    expect(errorHint(new ApiError(422, 'invalid_program', 'templates[0] needs {label}'))).toBe('error.hint.program');
  });

  it('sends a student to another model, not to "try again", when the model is unavailable on this server', async () => {
    const { errorHint } = await import('../../web/src/lib/error-hint.js');
    const { ApiError } = await import('../../web/src/api/api-error.js');
    expect(errorHint(new ApiError(503, 'model_unavailable', 'this model is not available on this server right now'))).toBe('error.hint.modelUnavailable');
  });
});

describe('gallery ids of a retrieval case', () => {
  it('reads one id or several, and builds the dev image URL', async () => {
    const { galleryIds, galleryImageUrl } = await import('../../web/src/lib/gallery-ids.js');
    expect(galleryIds('green.png')).toEqual(['green.png']);
    expect(galleryIds(['a.png', 'b.png'])).toEqual(['a.png', 'b.png']);
    expect(galleryIds('')).toEqual([]);
    expect(galleryIds({ label: 'x' })).toEqual([]);
    expect(galleryImageUrl('colour-search', 'my pic.png')).toBe('/api/tasks/colour-search/images/my%20pic.png');
  });
});
