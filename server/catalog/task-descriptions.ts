// Which text a student reads as a task's description, per language: the task.yaml `description`
// in that language, else the README of that language. A language with neither falls back to the
// English one (and says so, so the page can mark it "English only").
import { LOCALES, SOURCE_LOCALE, type Locale } from '../core/locale.js';
import type { Task } from '../core/task.js';

type Described = Pick<Task, 'description' | 'readme'>;

function ownDescription(task: Described, locale: Locale): { text: string; file: string } | null {
  const key = locale as keyof Task['readme'];
  const fromYaml = task.description[key];
  if (fromYaml) return { text: fromYaml, file: locale === SOURCE_LOCALE ? 'description' : `description (${locale})` };
  const fromReadme = task.readme[key];
  if (fromReadme) return { text: fromReadme, file: locale === SOURCE_LOCALE ? 'README.md' : `README.${locale}.md` };
  return null;
}

/** The description in `locale`, or the English one with `locale: 'en'`. */
export function taskDescription(task: Described, locale: Locale): { text: string; locale: Locale } {
  const own = ownDescription(task, locale);
  if (own) return { text: own.text, locale };
  return { text: ownDescription(task, SOURCE_LOCALE)?.text ?? '', locale: SOURCE_LOCALE };
}

/** Every language version staff wrote, English first, each with the file it came from. */
export function descriptionVersions(task: Described): { locale: Locale; file: string; text: string }[] {
  return LOCALES.flatMap((locale) => {
    const own = ownDescription(task, locale);
    return own ? [{ locale, ...own }] : [];
  });
}
