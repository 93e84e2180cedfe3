// Generated task data is reproducible: re-running each task's seeded generate.ts into a temp
// folder gives the committed files. Text files must match byte for byte; images must decode to
// the same pixels (a different sharp build may compress the same pixels differently), and the
// committed images/ folder must hold exactly what the generator writes (no stale files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedTasksDir } from './shipped-tasks.js';

// Every task folder with a generate.ts, so a new generated task is covered without editing this file.
const GENERATED = fs
  .readdirSync(shippedTasksDir)
  .filter((id) => fs.existsSync(path.join(shippedTasksDir, id, 'generate.ts')))
  .sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'generators-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)]));
}

/** Largest per-channel difference between two images of the same size; Infinity when sizes differ. */
async function pixelDifference(a: string, b: string): Promise<number> {
  const [left, right] = await Promise.all([a, b].map((file) => sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  if (left!.info.width !== right!.info.width || left!.info.height !== right!.info.height) return Infinity;
  let max = 0;
  for (let i = 0; i < left!.data.length; i++) max = Math.max(max, Math.abs(left!.data[i]! - right!.data[i]!));
  return max;
}

describe('task generators reproduce the committed data', () => {
  it('finds the generated tasks', () => {
    expect(GENERATED).toEqual(
      expect.arrayContaining([
        'arithmetic',
        'clip-templates',
        'emoji',
        'extraction',
        'flags',
        'text-to-image-retrieval',
        'typographic-attack',
        'word-manipulation',
      ]),
    );
  });

  for (const id of GENERATED) {
    it(`${id}/generate.ts`, async () => {
      const out = path.join(tmp, id);
      const { generate } = (await import(path.join(shippedTasksDir, id, 'generate.ts'))) as { generate: (outDir: string) => Promise<void> };
      await generate(out);
      const written = filesUnder(out).sort();
      expect(written).toContain('dev.jsonl');
      expect(written).toContain('test.jsonl');
      const committedImages = fs.existsSync(path.join(shippedTasksDir, id, 'images')) ? filesUnder(path.join(shippedTasksDir, id), 'images').sort() : [];
      expect(written.filter((file) => file.startsWith('images'))).toEqual(committedImages);
      for (const file of written) {
        const committed = path.join(shippedTasksDir, id, file);
        expect(fs.existsSync(committed), `${id}/${file} is generated but not committed`).toBe(true);
        if (file.endsWith('.png')) {
          if (!fs.readFileSync(committed).equals(fs.readFileSync(path.join(out, file)))) {
            // Labels are drawn with DejaVu Sans Bold through fontconfig (Debian: fonts-dejavu-core).
            expect(
              await pixelDifference(committed, path.join(out, file)),
              `${id}/${file} pixels differ; is the DejaVu Sans font installed?`,
            ).toBeLessThanOrEqual(2);
          }
        } else {
          expect(fs.readFileSync(path.join(out, file), 'utf8'), `${id}/${file}`).toBe(fs.readFileSync(committed, 'utf8'));
        }
      }
    }, 120_000);
  }

  it('every image is small (a few KB, at most a few tens of KB)', () => {
    for (const id of GENERATED) {
      const images = path.join(shippedTasksDir, id, 'images');
      if (!fs.existsSync(images)) continue;
      for (const file of fs.readdirSync(images).filter((name) => name.endsWith('.png'))) {
        expect(fs.statSync(path.join(images, file)).size, `${id}/images/${file}`).toBeLessThan(30_000);
      }
    }
  });
});
