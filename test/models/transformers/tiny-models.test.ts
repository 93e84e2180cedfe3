// The generator itself: fast, hub layout, and the files transformers.js 2.17.2 looks for.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from '@xenova/transformers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformersEnvironment } from '../../../server/models/transformers/index.js';
import { generateTinyModels } from '../../../testkit/tiny-models/generate.js';
import { makeTinyModelsDir } from './tiny-models-dir.js';

let models: Awaited<ReturnType<typeof makeTinyModelsDir>>;
beforeAll(async () => {
  models = await makeTinyModelsDir();
});
afterAll(() => models.remove());

describe('generateTinyModels', () => {
  // What keeps generation fast (tens of ms), said without a clock: a couple of megabytes in all,
  // and the same bytes every time (nothing random or time-dependent to cache around).
  it('writes every model again byte for byte, a couple of megabytes in all', async () => {
    const again = await mkdtemp(join(tmpdir(), 'tiny-models-again-'));
    try {
      await generateTinyModels(again);
      const files = (await readdir(models.dir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(models.dir, join(entry.parentPath, entry.name)))
        .sort();
      expect(files.length).toBeGreaterThan(10);
      let bytes = 0;
      for (const file of files) {
        const [first, second] = await Promise.all([readFile(join(models.dir, file)), readFile(join(again, file))]);
        expect(second.equals(first), file).toBe(true);
        bytes += first.length;
      }
      expect(bytes).toBeLessThan(4 * 1024 * 1024);
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('lays models out like hub repos, with fp32 and quantized file names', () => {
    const expected = {
      'tiny-gpt2': [
        'config.json',
        'generation_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'onnx/decoder_model_merged.onnx',
        'onnx/decoder_model_merged_quantized.onnx',
      ],
      'tiny-gpt2-large': ['config.json', 'onnx/decoder_model_merged_quantized.onnx'],
      'tiny-gpt2-chat': ['config.json', 'onnx/decoder_model_merged_quantized.onnx'],
      'tiny-clip': [
        'config.json',
        'preprocessor_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'onnx/text_model.onnx',
        'onnx/text_model_quantized.onnx',
        'onnx/vision_model.onnx',
        'onnx/vision_model_quantized.onnx',
        'onnx/model_quantized.onnx',
      ],
    };
    for (const [name, files] of Object.entries(expected)) {
      for (const file of files) expect(existsSync(join(models.dir, name, file)), `${name}/${file}`).toBe(true);
    }
  });

  it('gives the large variant more layers and width than the small one', async () => {
    const config = async (name: string) => JSON.parse(await readFile(join(models.dir, name, 'config.json'), 'utf8'));
    expect(await config('tiny-gpt2')).toMatchObject({ model_type: 'gpt2', n_layer: 2, n_embd: 16, n_head: 2, vocab_size: 257 });
    expect(await config('tiny-gpt2-large')).toMatchObject({ model_type: 'gpt2', n_layer: 4, n_embd: 64, n_head: 4, vocab_size: 257 });
    expect(await config('tiny-clip')).toMatchObject({ model_type: 'clip', projection_dim: 4, logit_scale: Math.log(10) });
  });
});

describe('tiny-clip as one graph', () => {
  it("runs in the library's own zero-shot pipeline with logits 10 x cosine", async () => {
    const environment = createTransformersEnvironment({ modelsDir: models.dir, offline: true });
    const classify = await environment.load('tiny-clip', () => pipeline('zero-shot-image-classification', 'tiny-clip'));
    const red = join(models.dir, 'red.png');
    await writeFile(
      red,
      await sharp({ create: { width: 40, height: 40, channels: 3, background: '#ff0000' } })
        .png()
        .toBuffer(),
    );
    // Cosines with red: 1, 0.5 (yellow), 0 (green), 0 (no colour word).
    const results = (await classify(red, ['red', 'yellow', 'green', 'nothing'], { hypothesis_template: 'a {} square' })) as { label: string; score: number }[];
    const z = Math.exp(10) + Math.exp(5) + 2;
    expect(results.map((r) => r.label)).toEqual(['red', 'yellow', 'green', 'nothing']);
    [Math.exp(10) / z, Math.exp(5) / z, 1 / z, 1 / z].forEach((p, i) => expect(results[i]!.score).toBeCloseTo(p, 6));
  });
});
