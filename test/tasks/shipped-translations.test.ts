// Every shipped task and assignment is readable in Chinese: a task folder without README.zh-CN.md,
// a title, reflection question or role without its Chinese text fails here, so a new task (or one
// whose English text changed) cannot ship half translated. Numbers and hidden cases are checked by
// `tasks check` (server/soundness/description-numbers.ts, readme-leaks.ts) on every version.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskFolders } from '../../server/catalog/catalog.js';
import { shippedCatalog, shippedTasksDir } from './shipped-tasks.js';

const catalog = shippedCatalog();
/** Han characters: a "translation" that is still English has none. */
const CHINESE = /\p{Script=Han}/u;

describe('the shipped tasks in Chinese', () => {
  const folders = taskFolders(shippedTasksDir);

  it('are all found (the list below is not empty by mistake)', () => {
    expect(folders.length).toBeGreaterThanOrEqual(13);
  });

  for (const dir of folders) {
    const id = path.basename(dir);
    it(`${id}: README.zh-CN.md, a Chinese title, and Chinese study text`, () => {
      const file = path.join(dir, 'README.zh-CN.md');
      expect(fs.existsSync(file), `${id} has no README.zh-CN.md: write the Chinese description next to README.md`).toBe(true);
      const task = catalog.task(id);
      expect(task.readme['zh-CN']).toMatch(CHINESE);
      expect(task.title['zh-CN'], `${id}: give the title as { en: ..., zh-CN: ... } in task.yaml`).toMatch(CHINESE);
      if (task.study) {
        if (task.study.reflection.prompt.en) expect(task.study.reflection.prompt['zh-CN'], `${id}: reflection prompt`).toMatch(CHINESE);
        for (const role of task.study.roles) {
          expect(role.displayName?.['zh-CN'], `${id}: role ${role.name} displayName`).toMatch(CHINESE);
          if (role.description.en) expect(role.description['zh-CN'], `${id}: role ${role.name} description`).toMatch(CHINESE);
        }
      }
      for (const [label, name] of Object.entries(task.fields.labelNames ?? {})) expect(name['zh-CN'], `${id}: label ${label}`).toMatch(CHINESE);
    });
  }

  it('the assignments have a Chinese title and introduction', () => {
    expect(catalog.assignments().length).toBeGreaterThanOrEqual(1);
    for (const assignment of catalog.assignments()) {
      expect(assignment.title['zh-CN'], assignment.id).toMatch(CHINESE);
      expect(assignment.description['zh-CN'], assignment.id).toMatch(CHINESE);
    }
  });
});
