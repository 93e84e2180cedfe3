// The package's zip writer (yazl): entries from memory and from disk, Unix modes, and the same
// bytes for the same sources (staff diff two uploads).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip, type ZipEntry } from '../../server/cli/gradescope/zip-writer.js';
import { readZip } from '../support/read-zip.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-writer-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const onDisk = path.join(tmp, 'weights.bin');
fs.writeFileSync(onDisk, Buffer.alloc(300_000, 7));
const entries = (): ZipEntry[] => [
  { name: 'run_autograder', data: Buffer.from('#!/usr/bin/env bash\necho hi\n'), mode: 0o755 },
  { name: 'models/tiny/weights.bin', path: onDisk },
  { name: 'tasks/t/README.md', data: Buffer.from('# 任务\n') },
];

describe('writeZip', () => {
  it('writes every entry with its contents and mode', async () => {
    const file = path.join(tmp, 'a.zip');
    expect(await writeZip(file, entries())).toEqual({ entries: 3, bytes: fs.statSync(file).size });
    const read = readZip(file);
    expect(read.map((e) => [e.name, e.mode])).toEqual([
      ['run_autograder', 0o755],
      ['models/tiny/weights.bin', 0o644],
      ['tasks/t/README.md', 0o644],
    ]);
    expect(read[1]!.data.equals(fs.readFileSync(onDisk))).toBe(true);
    expect(read[2]!.data.toString('utf8')).toBe('# 任务\n');
    // Deflated: 300 KB of one byte takes far less.
    expect(fs.statSync(file).size).toBeLessThan(10_000);
  });

  it('gives the same bytes for the same sources, whenever they are written', async () => {
    const [first, second] = [path.join(tmp, 'b.zip'), path.join(tmp, 'c.zip')];
    await writeZip(first, entries());
    fs.utimesSync(onDisk, new Date(), new Date(Date.now() - 86_400_000));
    await writeZip(second, entries());
    expect(fs.readFileSync(first).equals(fs.readFileSync(second))).toBe(true);
  });
});
