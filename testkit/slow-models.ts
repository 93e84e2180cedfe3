// The designed tiny models plus `tiny-slow`: tiny-gpt2's behaviour (next byte) with deliberate
// work in every forward pass (testkit/tiny-models/tiny-gpt2.ts, busyWork), so a call keeps
// a pool member busy like a real model does. Written to a fresh temp directory per caller.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTinyModels } from './tiny-models/generate.js';
import { writeModelFiles } from './tiny-models/model-files.js';
import { buildTinyGpt2 } from './tiny-models/tiny-gpt2.js';

/**
 * Chained 512 x 512 MatMuls per forward pass (about 10 ms each on this project's 2-core machines),
 * or with `rows: 1` vector-matrix products (one core each, far cheaper).
 */
export async function makeSlowModelsDir(busyMatMuls: number, rows?: number): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'slow-models-'));
  await generateTinyModels(dir);
  await writeModelFiles(
    path.join(dir, 'tiny-slow'),
    buildTinyGpt2({
      nLayer: 2,
      nEmbd: 16,
      nHead: 2,
      successorLogit: 10,
      nPositions: 1024,
      busyWork: { size: 512, count: busyMatMuls, ...(rows ? { rows } : {}) },
    }),
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * models.yaml text: the tiny models (tiny-slow as `slow`, or under `slowId`) from one local
 * provider, plus further provider and model lines (e.g. an API model on the fake server).
 */
export function slowModelsYaml(extra: { providers?: string[]; models?: string[]; slowId?: string } = {}): string {
  return [
    'providers:',
    '  local: { type: transformers, offline: true }',
    ...(extra.providers ?? []).map((line) => `  ${line}`),
    'models:',
    `  - { id: ${extra.slowId ?? 'slow'}, provider: local, model: tiny-slow, kind: text, style: completion }`,
    '  - { id: tiny, provider: local, model: tiny-gpt2, kind: text, style: completion }',
    '  - { id: tiny-chat, provider: local, model: tiny-gpt2-chat, kind: text, style: chat }',
    '  - { id: clip, provider: local, model: tiny-clip, kind: image-text }',
    ...(extra.models ?? []).map((line) => `  - ${line}`),
    '',
  ].join('\n');
}
