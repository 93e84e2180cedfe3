// What every student starts from, so sharing it is no sign of copying: the task's starter program
// (baseline.json), the examples its README gives (quoted phrases, `code`, fenced blocks) and the dev
// cases with their answers (the pool few-shot examples are picked from: two students choosing the
// same dev examples is expected). Its shingles are removed from every program before comparing.
import fs from 'node:fs';
import path from 'node:path';
import type { Task } from '../core/task.js';
import { inputFields } from '../core/task.js';
import { programSections } from './program-sections.js';

/** The example texts of a README: fenced blocks, inline code and quoted phrases (straight or curly quotes). */
export function readmeExamples(markdown: string): string[] {
  const found: string[] = [];
  const withoutFences = markdown.replace(/```[^\n]*\n([\s\S]*?)```/g, (_, body: string) => {
    found.push(body);
    return ' ';
  });
  for (const match of withoutFences.matchAll(/`([^`\n]+)`/g)) found.push(match[1]!);
  for (const match of withoutFences.matchAll(/"([^"\n]{3,})"|“([^”\n]{3,})”|「([^」\n]{2,})」/g)) found.push(match[1] ?? match[2] ?? match[3]!);
  return found;
}

export function starterTexts(task: Task): string[] {
  const texts: string[] = [];
  const baseline = path.join(task.dir, 'baseline.json');
  if (fs.existsSync(baseline)) {
    try {
      texts.push(...programSections(JSON.parse(fs.readFileSync(baseline, 'utf8'))).map((section) => section.text));
    } catch {
      // A broken baseline.json is `tasks check`'s to report; here it only means nothing to exclude.
    }
  }
  // Every language version: a Chinese README's examples are starter text as much as the English ones.
  for (const text of [...Object.values(task.readme), ...Object.values(task.description)]) if (text) texts.push(...readmeExamples(text));
  const fields = inputFields(task);
  for (const devCase of task.dev) {
    const expected = typeof devCase.expected === 'string' ? devCase.expected : JSON.stringify(devCase.expected);
    texts.push(`${fields.map((field) => devCase.inputs[field] ?? '').join('\n')}\n${expected}`);
  }
  return texts;
}
