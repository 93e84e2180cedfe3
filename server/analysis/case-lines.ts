// Where each case of a task comes from: "<folder>/<split>.jsonl:<line>", so a flagged case names the
// line staff fix before a bulk re-grade. Case ids are read the way the catalog reads them
// (server/catalog/load-cases.ts: the line's "id", else "<split>-<line number>").
import fs from 'node:fs';
import path from 'node:path';
import type { Task } from '../core/task.js';

export function caseLines(task: Pick<Task, 'casesDir'>): Map<string, string> {
  const lines = new Map<string, string>();
  const folder = path.basename(task.casesDir);
  for (const split of ['dev', 'test'] as const) {
    const file = path.join(task.casesDir, `${split}.jsonl`);
    if (!fs.existsSync(file)) continue;
    fs.readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((text, index) => {
        if (text.trim() === '') return;
        let id: unknown;
        try {
          id = (JSON.parse(text) as { id?: unknown }).id;
        } catch {
          return; // the catalog refused this file already; nothing to point at
        }
        const caseId = typeof id === 'string' || typeof id === 'number' ? String(id) : `${split}-${index + 1}`;
        lines.set(`${split}\u0000${caseId}`, `${folder}/${split}.jsonl:${index + 1}`);
      });
  }
  return lines;
}
