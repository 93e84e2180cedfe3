// Staff-written text per language: a plain string stays valid (English), an object gives each
// language, and a language without text falls back to English and says so.
import { describe, expect, it } from 'vitest';
import { localize, localizedTextSchema } from '../../server/core/locale.js';
import { AssignmentSchema, TaskConfigSchema } from '../../server/core/task.js';

const text = localizedTextSchema();

describe('localized text in task files', () => {
  it('reads a plain string as the English text', () => {
    expect(text.parse('Sentiment')).toEqual({ en: 'Sentiment' });
  });

  it('reads one text per language', () => {
    expect(text.parse({ en: 'Sentiment', 'zh-CN': '情感分类' })).toEqual({ en: 'Sentiment', 'zh-CN': '情感分类' });
  });

  it('needs the English text, and refuses a language the sandbox does not offer', () => {
    expect(text.safeParse({ 'zh-CN': '情感分类' }).success).toBe(false);
    const french = text.safeParse({ en: 'Sentiment', fr: 'Sentiment' });
    expect(french.success).toBe(false);
    expect(JSON.stringify(french.error?.issues)).toContain('fr');
    expect(text.safeParse('').success).toBe(false);
    expect(localizedTextSchema({ allowEmpty: true }).parse('')).toEqual({ en: '' });
  });
});

describe('localize', () => {
  it('gives the asked language when there is text in it', () => {
    expect(localize({ en: 'Sentiment', 'zh-CN': '情感分类' }, 'zh-CN')).toEqual({ text: '情感分类', locale: 'zh-CN' });
    expect(localize({ en: 'Sentiment', 'zh-CN': '情感分类' }, 'en')).toEqual({ text: 'Sentiment', locale: 'en' });
  });

  it('falls back to English, saying so, when the language has none (or an empty one)', () => {
    expect(localize({ en: 'Sentiment' }, 'zh-CN')).toEqual({ text: 'Sentiment', locale: 'en' });
    expect(localize({ en: 'Sentiment', 'zh-CN': '' }, 'zh-CN')).toEqual({ text: 'Sentiment', locale: 'en' });
  });
});

describe('the task and assignment schemas', () => {
  const task = {
    id: 'sentiment',
    version: 1,
    modality: 'text',
    models: ['gpt-4o-mini'],
    fields: { input: 'review', expected: 'label', labels: ['positive', 'negative'] },
    evaluators: [{ name: 'label' }],
    points: { baseline: 0.5, target: 0.9 },
  };

  it('still accepts plain strings everywhere (English)', () => {
    const parsed = TaskConfigSchema.parse({
      ...task,
      title: 'Sentiment',
      description: 'Label reviews.',
      study: { roles: [{ name: 'small', description: 'a small model', models: ['gpt2'] }], reflection: { prompt: 'Why?' } },
    });
    expect(parsed.title).toEqual({ en: 'Sentiment' });
    expect(parsed.description).toEqual({ en: 'Label reviews.' });
    expect(parsed.study?.roles[0]).toEqual({ name: 'small', description: { en: 'a small model' }, models: ['gpt2'] });
    expect(parsed.study?.reflection.prompt).toEqual({ en: 'Why?' });
  });

  it('takes titles, label names, role names and reflection questions per language', () => {
    const parsed = TaskConfigSchema.parse({
      ...task,
      title: { en: 'Sentiment', 'zh-CN': '情感分类' },
      fields: { ...task.fields, labelNames: { positive: { en: 'positive', 'zh-CN': '正面' }, negative: 'negative' } },
      study: {
        roles: [
          { name: 'small', displayName: { en: 'small', 'zh-CN': '小模型' }, description: { en: 'a small model', 'zh-CN': '小的模型' }, models: ['gpt2'] },
        ],
        reflection: { prompt: { en: 'Why?', 'zh-CN': '为什么？' } },
      },
    });
    expect(parsed.title['zh-CN']).toBe('情感分类');
    expect(parsed.fields.labelNames).toEqual({ positive: { en: 'positive', 'zh-CN': '正面' }, negative: { en: 'negative' } });
    expect(parsed.study?.roles[0]?.displayName).toEqual({ en: 'small', 'zh-CN': '小模型' });
    expect(parsed.study?.reflection.prompt['zh-CN']).toBe('为什么？');
    // Defaults are already in the loaded shape.
    expect(TaskConfigSchema.parse({ ...task, title: 'x', study: {} }).study?.reflection.prompt).toEqual({ en: '' });
  });

  it('takes the assignment title and introduction per language, or as strings', () => {
    const base = { id: 'early', tasks: [{ task: 'sentiment' }] };
    expect(AssignmentSchema.parse({ ...base, title: 'Early' })).toMatchObject({ title: { en: 'Early' }, description: { en: '' } });
    expect(AssignmentSchema.parse({ ...base, title: 'Early', description: { en: 'Prompt models.', 'zh-CN': '给模型写提示词。' } }).description).toEqual({
      en: 'Prompt models.',
      'zh-CN': '给模型写提示词。',
    });
  });
});
