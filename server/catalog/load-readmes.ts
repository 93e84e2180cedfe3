// A task's student description per language: README.md is English, README.<locale>.md (for example
// README.zh-CN.md) another language. A README for a language the sandbox does not offer is a problem,
// so a misnamed file (README.zh.md) is found by `tasks check` instead of silently never shown.
import fs from 'node:fs';
import path from 'node:path';
import { LocaleSchema, SOURCE_LOCALE, type LocalizedText } from '../core/locale.js';
import { displayPath } from './format-problems.js';

const README_NAME = /^README(?:\.([^.]+))?\.md$/;

export function loadReadmes(dir: string, displayRoot?: string): { readme: LocalizedText; problems: string[] } {
  const readme: LocalizedText = { en: '' };
  const problems: string[] = [];
  if (!fs.existsSync(dir)) return { readme, problems };
  for (const name of fs.readdirSync(dir).sort()) {
    const match = README_NAME.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const language = match[1];
    if (language === undefined) {
      readme.en = fs.readFileSync(file, 'utf8');
      continue;
    }
    const locale = LocaleSchema.safeParse(language);
    if (!locale.success || locale.data === SOURCE_LOCALE) {
      const others = LocaleSchema.options.filter((l) => l !== SOURCE_LOCALE).map((l) => `README.${l}.md`);
      problems.push(`${displayPath(file, displayRoot)}: no language "${language}" in this sandbox; name it ${others.join(' or ')} (README.md is English)`);
      continue;
    }
    readme[locale.data as Exclude<typeof locale.data, 'en'>] = fs.readFileSync(file, 'utf8');
  }
  return { readme, problems };
}
