// Where models come from: the models directory, the hub when allowed, and the messages when neither
// has the model. Runs the real library (fully offline: a "hub" that refuses connections).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as transformers from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/core/errors.js';
import type { TextRequest } from '../../../server/core/model.js';
import { createTransformersClipModel, createTransformersEnvironment, createTransformersTextModel } from '../../../server/models/transformers/index.js';
import { makeTinyModelsDir } from './tiny-models-dir.js';

// Nothing listens on the discard port: connections are refused at once, like a machine offline.
const UNREACHABLE_HUB = 'http://127.0.0.1:9/';
const request: TextRequest = { prompt: { style: 'completion', text: 'abc' }, temperature: 0, topP: 1, maxTokens: 2, stop: [] };
const missingMessage = (repo: string, dir: string) =>
  `model ${repo} is not in ${dir}; run \`sandbox models pull ${repo}\` on a machine that reaches the Hugging Face Hub, or copy the model folder there`;

async function timed<T>(work: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await work();
    return { error: null, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

let models: Awaited<ReturnType<typeof makeTinyModelsDir>>;
let emptyDir: string;

beforeAll(async () => {
  models = await makeTinyModelsDir();
  emptyDir = await mkdtemp(join(tmpdir(), 'no-models-'));
});
afterAll(async () => {
  await models.remove();
  await rm(emptyDir, { recursive: true, force: true });
});

describe('a model that is not there', () => {
  it('fails offline without asking the network, naming the model and the fix', async () => {
    // A hub that accepts connections and never answers: a call that asked it would hang (and the
    // test time out), so failing at all, with no connection made, is the proof, with no clock.
    const silentHub = net.createServer((socket) => void connections.push(socket));
    const connections: net.Socket[] = [];
    await new Promise<void>((resolve) => silentHub.listen(0, '127.0.0.1', resolve));
    try {
      const remoteHost = `http://127.0.0.1:${(silentHub.address() as AddressInfo).port}/`;
      const environment = createTransformersEnvironment({ modelsDir: emptyDir, offline: true, remoteHost });
      const model = createTransformersTextModel({ id: 'gpt2', repo: 'Xenova/gpt2', style: 'completion', environment });
      const { error } = await timed(() => model.generate(request));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(missingMessage('Xenova/gpt2', emptyDir));
      expect(connections).toHaveLength(0);
    } finally {
      for (const socket of connections) socket.destroy();
      silentHub.close();
    }
    const environment = createTransformersEnvironment({ modelsDir: emptyDir, offline: true });
    const model = createTransformersTextModel({ id: 'gpt2', repo: 'Xenova/gpt2', style: 'completion', environment });
    // Token counting cannot guess either.
    expect(() => model.countTokens('abc')).toThrow(missingMessage('Xenova/gpt2', emptyDir));
    const clip = createTransformersClipModel({ id: 'clip', repo: 'Xenova/clip-vit-base-patch32', environment });
    await expect(clip.embedTexts(['red'])).rejects.toThrow(missingMessage('Xenova/clip-vit-base-patch32', emptyDir));
    // Before loading, a missing CLIP still has CLIP's usual scale.
    expect(clip.logitScale).toBe(100);
  });

  it('fails the same way, in under a second, when the hub is unreachable', async () => {
    const environment = createTransformersEnvironment({ modelsDir: emptyDir, offline: false, remoteHost: UNREACHABLE_HUB });
    const model = createTransformersTextModel({ id: 'gpt2', repo: 'Xenova/gpt2', style: 'completion', environment });
    const { error, ms } = await timed(() => model.ready());
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(missingMessage('Xenova/gpt2', emptyDir));
    expect(ms).toBeLessThan(1000);
    // Not downloaded yet: counting says to load (download) first.
    expect(() => model.countTokens('abc')).toThrow(/await the model's ready\(\) first/);
  });

  it('names the missing file of an incomplete model folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'partial-models-'));
    try {
      await cp(join(models.dir, 'tiny-gpt2'), join(dir, 'tiny-gpt2'), {
        recursive: true,
        filter: (source) => !source.endsWith('decoder_model_merged_quantized.onnx'),
      });
      const environment = createTransformersEnvironment({ modelsDir: dir, offline: true });
      const model = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment });
      await expect(model.generate(request)).rejects.toThrow(
        `model tiny-gpt2 in ${dir} is incomplete: ${dir}/tiny-gpt2/onnx/decoder_model_merged_quantized.onnx is missing`,
      );
      // The failure is not memoised: once the file is there, the same model object loads.
      await cp(join(models.dir, 'tiny-gpt2'), join(dir, 'tiny-gpt2'), { recursive: true });
      expect((await model.generate(request)).text).toBe('de');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loading from the models directory', () => {
  it('loads a local model with remote loading on, without touching the network', async () => {
    const environment = createTransformersEnvironment({ modelsDir: models.dir, offline: false, remoteHost: UNREACHABLE_HUB });
    const model = createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment });
    expect((await model.generate(request)).text).toBe('de');
  });

  it("applies the environment's settings to the library", async () => {
    const environment = createTransformersEnvironment({ modelsDir: models.dir, offline: true });
    await createTransformersTextModel({ id: 'tiny', repo: 'tiny-gpt2', style: 'completion', environment }).ready();
    expect(transformers.env.localModelPath).toBe(`${models.dir}/`);
    expect(transformers.env.allowRemoteModels).toBe(false);
    expect(transformers.env.cacheDir).toBe(models.dir);
  });

  it('keeps concurrent loads from two environments apart (the library settings are global)', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'other-models-'));
    try {
      await cp(join(models.dir, 'tiny-clip'), join(otherDir, 'tiny-clip'), { recursive: true });
      const text = createTransformersTextModel({
        id: 'tiny',
        repo: 'tiny-gpt2',
        style: 'completion',
        environment: createTransformersEnvironment({ modelsDir: models.dir, offline: true }),
      });
      const clip = createTransformersClipModel({
        id: 'clip',
        repo: 'tiny-clip',
        environment: createTransformersEnvironment({ modelsDir: otherDir, offline: true }),
      });
      const [response, [red]] = await Promise.all([text.generate(request), clip.embedTexts(['red']), text.ready(), clip.ready()]);
      expect(response.text).toBe('de');
      expect(Array.from(red!)).toEqual([0.5, -0.5, -0.5, 0.5]);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
