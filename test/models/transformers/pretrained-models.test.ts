// Models built on our own onnxruntime sessions (sessionThreads): the same outputs as the library's
// loader, and really fewer threads (what lets inference-pool members share the cores).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import * as transformers from '@xenova/transformers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextRequest } from '../../../server/core/model.js';
import {
  createTransformersClipModel,
  createTransformersEnvironment,
  createTransformersTextModel,
  type TransformersLibrary,
} from '../../../server/models/transformers/index.js';
import { makeTinyModelsDir } from './tiny-models-dir.js';

let models: Awaited<ReturnType<typeof makeTinyModelsDir>>;
beforeAll(async () => {
  models = await makeTinyModelsDir();
});
afterAll(() => models.remove());

const greedy: TextRequest = { prompt: { style: 'completion', text: 'abc' }, temperature: 0, topP: 1, maxTokens: 4, stop: [] };

/** The real library, with the loader's model builds counted (ours must not use it). */
function countingLibrary() {
  const counts = { libraryLoads: 0 };
  class CountingAutoModelForCausalLM extends transformers.AutoModelForCausalLM {
    static override async from_pretrained(...args: Parameters<typeof transformers.AutoModelForCausalLM.from_pretrained>) {
      counts.libraryLoads++;
      return super.from_pretrained(...args);
    }
  }
  const library: TransformersLibrary = { ...transformers, AutoModelForCausalLM: CountingAutoModelForCausalLM };
  return { library, counts };
}

function textModel(sessionThreads?: number, library?: TransformersLibrary) {
  const environment = createTransformersEnvironment({
    modelsDir: models.dir,
    offline: true,
    ...(sessionThreads ? { sessionThreads } : {}),
    ...(library ? { library } : {}),
  });
  return createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment });
}

/** Threads of this process, as the kernel counts them. */
const processThreads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);

describe('text models on their own sessions', () => {
  it('are built without the library loader and generate and score exactly as the library-built model', async () => {
    const { library, counts } = countingLibrary();
    const own = textModel(1, library);
    const libraryBuilt = textModel();
    expect(await own.generate(greedy)).toEqual(await libraryBuilt.generate(greedy));
    expect((await own.generate(greedy)).text).toBe('defg');
    const choices = ['d', 'x', 'de'];
    expect(await own.scoreChoices(greedy.prompt, choices)).toEqual(await libraryBuilt.scoreChoices(greedy.prompt, choices));
    expect(counts.libraryLoads).toBe(0);
  });

  it('with one thread start no onnxruntime thread pool; with two, one extra thread', async () => {
    // Warm up: the first load starts libuv's and onnxruntime's process-wide threads.
    await textModel(1).ready();
    let before = processThreads();
    await textModel(1).ready();
    const oneThreadAdded = processThreads() - before;
    // Compared with an explicit two, not with the default: what onnxruntime picks by default
    // depends on what it detects of the machine (one thread a core on one 2-core VM, one thread
    // in all on another), which is why members always pass their count.
    before = processThreads();
    await textModel(2).ready();
    const twoThreadsAdded = processThreads() - before;
    expect(oneThreadAdded).toBe(0);
    expect(twoThreadsAdded).toBe(1);
  });
});

describe('CLIP towers on their own sessions', () => {
  it('embed texts and images exactly as the library-built towers', async () => {
    const clip = (sessionThreads?: number) =>
      createTransformersClipModel({
        id: 'tiny-clip',
        repo: 'tiny-clip',
        environment: createTransformersEnvironment({ modelsDir: models.dir, offline: true, ...(sessionThreads ? { sessionThreads } : {}) }),
      });
    const red = new Uint8Array(
      await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 255, g: 0, b: 0 } } })
        .png()
        .toBuffer(),
    );
    const [own, libraryBuilt] = [clip(1), clip()];
    const texts = ['red', 'a photo of a green thing'];
    expect(await own.embedTexts(texts)).toEqual(await libraryBuilt.embedTexts(texts));
    expect(await own.embedImages([{ bytes: red }])).toEqual(await libraryBuilt.embedImages([{ bytes: red }]));
    expect(own.logitScale).toBe(libraryBuilt.logitScale);
  });
});
