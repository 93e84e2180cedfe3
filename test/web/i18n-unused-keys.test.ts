// Every UI message in the catalogues is used by the web app: a key left behind by a removed
// component would be translated and maintained for nothing, and hides which texts are real. A key
// counts as used when the source names it in quotes, or when a template literal builds it from a
// named prefix (`staff.models.state.${state}`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/messages-en.js';

const webSrc = path.resolve(import.meta.dirname, '../../web/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !full.includes(`${path.sep}i18n${path.sep}messages-`) ? [full] : [];
  });
}

function unusedKeys(keys: string[], code: string): string[] {
  const prefixes = [...code.matchAll(/`([A-Za-z][\w.-]*\.)\$\{/g)].map((match) => match[1]!);
  return keys.filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !prefixes.some((prefix) => key.startsWith(prefix)));
}

describe('UI message keys', () => {
  it('the scan sees quoted keys and template prefixes (and would see a key nobody uses)', () => {
    const code = "t('home.title'); t(`status.${state}`)";
    expect(unusedKeys(['home.title', 'status.ready', 'status.failed', 'home.gone'], code)).toEqual(['home.gone']);
  });

  it('every key in the catalogues is used by the web app', () => {
    const code = sources(webSrc)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(unusedKeys(Object.keys(en), code)).toEqual([]);
  });
});
