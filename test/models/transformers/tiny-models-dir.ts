// A fresh temp directory with the designed tiny models, for tests that run the real loading code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTinyModels } from '../../../testkit/tiny-models/generate.js';

export async function makeTinyModelsDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiny-models-'));
  await generateTinyModels(dir);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
