// `{name}` placeholders, with `{{` and `}}` for literal braces (students write JSON in templates).
import { ProgramError } from '../core/errors.js';
import { say } from '../shared/messages/say.js';

const PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;

export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) if (match[1] !== undefined) names.push(match[1]);
  return names;
}

/** Fills a template; an unknown placeholder is a ProgramError naming the known ones. */
export function fillTemplate(template: string, values: Record<string, string>, where: string): string {
  return template.replace(PLACEHOLDER, (token, name: string | undefined) => {
    if (name === undefined) return token[0]!;
    const value = values[name];
    if (value === undefined) {
      const allowed = Object.keys(values)
        .map((k) => `{${k}}`)
        .join(', ');
      throw new ProgramError(
        [`${where} uses {${name}}, but only ${allowed} can be used there (write {{ and }} for literal braces)`],
        [say('program.unknown_placeholder', { where, name, allowed })],
      );
    }
    return value;
  });
}
