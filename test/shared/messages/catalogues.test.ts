// Completeness of the server's message catalogues: every code has a sentence in each language
// whose placeholders are exactly the code's parameters, no catalogue holds a sentence for a code
// that does not exist, and every code is said somewhere in the sources (an unused code fails).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholderNames } from '../../../server/shared/messages/fill-placeholders.js';
import { MESSAGE_CODE_LIST, MESSAGE_CODES } from '../../../server/shared/messages/message-codes.js';
import { catalogues } from '../../../server/shared/messages/render-message.js';

const root = path.resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('message catalogues', () => {
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    it(`${locale}: every code has a sentence with exactly its parameters as placeholders`, () => {
      const wrong = MESSAGE_CODE_LIST.filter((code) => {
        const text = catalogue[code];
        if (typeof text !== 'string' || !text.trim()) return true;
        return placeholderNames(text).join(',') !== Object.keys(MESSAGE_CODES[code]).sort().join(',');
      });
      expect(wrong).toEqual([]);
    });

    it(`${locale}: holds no sentence for an unknown code`, () => {
      expect(Object.keys(catalogue).filter((code) => !(code in MESSAGE_CODES))).toEqual([]);
    });
  }

  it('the Chinese catalogue is written in Chinese (not a copy of the English one)', () => {
    const copied = MESSAGE_CODE_LIST.filter((code) => catalogues['zh-CN'][code] === catalogues.en[code] || !/[\u4e00-\u9fff]/.test(catalogues['zh-CN'][code]));
    expect(copied).toEqual([]);
  });

  it('every code is used by the server, the evaluators or the web app (no unused catalogue entry)', () => {
    const messagesDir = path.join(root, 'server/shared/messages');
    const text = [...sourceFiles(path.join(root, 'server')), ...sourceFiles(path.join(root, 'evaluators')), ...sourceFiles(path.join(root, 'web/src'))]
      .filter((file) => !file.startsWith(messagesDir) || file.endsWith('issue-said.ts'))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n');
    const unused = MESSAGE_CODE_LIST.filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});
