// Resident memory of one inference-pool member, per model: a member with nothing loaded, with the
// tiny test models, and with generated fp32 stand-ins of distilgpt2's and gpt2's shapes
// (sized-gpt2.ts), each loaded and run once (a choice-scoring pass) in a fresh pool of one member.
// Read from /proc/<pid>/status (VmRSS now, VmHWM peak). Run: npx tsx bench/surge/member-rss.ts
// The real hub files are quantized (int8 MatMul weights) and cannot be fetched here; the README
// gives estimates from this measurement: RSS ~ empty member + (RSS per byte of weights) x file size.
// Where the real models are present, measure them instead:
//   npx tsx bench/surge/member-rss.ts <models dir> Xenova/gpt2:text Xenova/clip-vit-base-patch32:image-text ...
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextModel } from '../../server/core/model.js';
import { createInferencePool } from '../../server/models/inference-pool/inference-pool.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { poolSettings, providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { writeModelFiles } from '../../testkit/tiny-models/model-files.js';
import { generateTinyModels } from '../../testkit/tiny-models/generate.js';
import { buildSizedGpt2, DISTILGPT2_SHAPES, GPT2_SHAPES, sizedGpt2Parameters } from './sized-gpt2.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function measure(modelsDir: string, folder: string | null, kind: 'text' | 'image-text' = 'text') {
  const pool = createInferencePool({ size: 1, settings: poolSettings({ modelsDir, offline: true }) });
  try {
    await pool.start();
    if (folder) {
      const yaml = `providers:\n  local: { type: transformers, offline: true }\nmodels:\n  - { id: m, provider: local, model: ${folder}, kind: ${kind}${kind === 'text' ? ', style: completion' : ''} }\n`;
      const models = createModelRegistry({
        config: parseModelsConfig(yaml, 'rss models.yaml'),
        env: {},
        factories: providerFactories({ timeoutMs: 600_000, modelsDir, offline: true }, pool),
      });
      const model = models.get('m');
      await model.ready?.();
      if (model.kind === 'text') await (model as TextModel).scoreChoices!({ style: 'completion', text: 'The answer is' }, [' yes', ' no']);
      else await model.embedTexts(['a photo of a red thing']);
    }
    return memoryOf(pool.memberPids()[0]!);
  } finally {
    await pool.close();
  }
}

const [realDir, ...realModels] = process.argv.slice(2);
if (realDir) {
  for (const entry of realModels) {
    const [repo, kind = 'text'] = entry.split(':');
    const memory = await measure(path.resolve(realDir), repo!, kind === 'image-text' ? 'image-text' : 'text');
    console.log(`${repo!.padEnd(44)} RSS ${String(memory.rssMb).padStart(5)} MB, peak ${String(memory.peakMb).padStart(5)} MB`);
  }
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'member-rss-'));
try {
  await generateTinyModels(dir);
  const rows: Record<string, unknown>[] = [];
  const record = (name: string, memory: { rssMb: number; peakMb: number }, extra: Record<string, unknown> = {}) => {
    rows.push({ model: name, ...memory, ...extra });
    console.log(`${name.padEnd(44)} RSS ${String(memory.rssMb).padStart(5)} MB, peak ${String(memory.peakMb).padStart(5)} MB ${JSON.stringify(extra)}`);
  };
  record('empty member (runtime, tsx, transformers.js)', await measure(dir, null));
  record('tiny-gpt2-large (test stand-in)', await measure(dir, 'tiny-gpt2-large'));
  record('tiny-clip (test stand-in)', await measure(dir, 'tiny-clip', 'image-text'));
  for (const [name, spec] of [
    ['distilgpt2-shaped, fp32', DISTILGPT2_SHAPES],
    ['gpt2-shaped, fp32', GPT2_SHAPES],
  ] as const) {
    const folder = name.split(',')[0]!;
    await writeModelFiles(path.join(dir, folder), buildSizedGpt2(spec));
    const fileBytes = fs.statSync(path.join(dir, folder, 'onnx/decoder_model_merged_quantized.onnx')).size;
    record(name, await measure(dir, folder), { parameters: sizedGpt2Parameters(spec), onnxFileMb: mb(fileBytes) });
    fs.rmSync(path.join(dir, folder), { recursive: true, force: true });
  }
  const out = path.join(here, '../results/member-rss.json');
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
