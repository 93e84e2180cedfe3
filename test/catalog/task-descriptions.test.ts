// Which description a student reads: the task.yaml `description` or the README of their language,
// else the English one, marked as such; and a task folder's READMEs per language.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReadmes } from '../../server/catalog/load-readmes.js';
import { descriptionVersions, taskDescription } from '../../server/catalog/task-descriptions.js';
import { loadFixtureTask } from '../../testkit/sentiment-fixture.js';
import { shippedCatalog } from '../tasks/shipped-tasks.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'task-readmes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('taskDescription', () => {
  const both = { description: { en: '' }, readme: { en: '# English', 'zh-CN': '# 中文' } };

  it('gives the README of the asked language', () => {
    expect(taskDescription(both, 'zh-CN')).toEqual({ text: '# 中文', locale: 'zh-CN' });
    expect(taskDescription(both, 'en')).toEqual({ text: '# English', locale: 'en' });
  });

  it('falls back to the English README, saying so, when the language has none', () => {
    expect(taskDescription({ description: { en: '' }, readme: { en: '# English' } }, 'zh-CN')).toEqual({ text: '# English', locale: 'en' });
  });

  it('prefers the task.yaml description of a language over its README', () => {
    const task = { description: { en: 'Short.', 'zh-CN': '简短。' }, readme: { en: '# English', 'zh-CN': '# 中文' } };
    expect(taskDescription(task, 'zh-CN')).toEqual({ text: '简短。', locale: 'zh-CN' });
    // A Chinese README still beats falling back to the English description.
    expect(taskDescription({ description: { en: 'Short.' }, readme: { en: '', 'zh-CN': '# 中文' } }, 'zh-CN')).toEqual({ text: '# 中文', locale: 'zh-CN' });
  });

  it('lists every version staff wrote, English first, with the file it came from', () => {
    expect(descriptionVersions(both).map(({ locale, file }) => [locale, file])).toEqual([
      ['en', 'README.md'],
      ['zh-CN', 'README.zh-CN.md'],
    ]);
  });

  it('serves the shipped sentiment task in Chinese and the frozen fixture (no Chinese README) in English', () => {
    const shipped = taskDescription(shippedCatalog().task('sentiment'), 'zh-CN');
    expect(shipped.locale).toBe('zh-CN');
    expect(shipped.text).toMatch(/^# 短评情感分类/);
    const fixture = taskDescription(loadFixtureTask('sentiment'), 'zh-CN');
    expect(fixture).toMatchObject({ locale: 'en', text: expect.stringMatching(/^# Sentiment of short reviews/) });
  });
});

describe('loadReadmes', () => {
  it('reads README.md as English and README.zh-CN.md as Chinese', () => {
    const dir = path.join(tmp, 'both');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'README.md'), 'English');
    fs.writeFileSync(path.join(dir, 'README.zh-CN.md'), '中文');
    expect(loadReadmes(dir)).toEqual({ readme: { en: 'English', 'zh-CN': '中文' }, problems: [] });
  });

  it('names a README in a language the sandbox does not offer (README.zh.md, README.en.md)', () => {
    const dir = path.join(tmp, 'misnamed');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'README.md'), 'English');
    fs.writeFileSync(path.join(dir, 'README.zh.md'), '中文');
    fs.writeFileSync(path.join(dir, 'README.en.md'), 'English again');
    const { readme, problems } = loadReadmes(dir, tmp);
    expect(readme).toEqual({ en: 'English' });
    expect(problems).toEqual([
      'misnamed/README.en.md: no language "en" in this sandbox; name it README.zh-CN.md (README.md is English)',
      'misnamed/README.zh.md: no language "zh" in this sandbox; name it README.zh-CN.md (README.md is English)',
    ]);
  });
});
