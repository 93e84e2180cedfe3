// Choice scoring on a local causal LM: the log-likelihood of 4 labels after a prompt in one batched
// forward pass (4 right-padded rows), against 4 separate generations (one per label, as many new
// tokens as the label has) and against scoring the labels one at a time. On the tiny gpt2-shaped
// model (tiny-gpt2-large: 4 layers, width 64), through the real transformers.js provider.
// Run: npm run bench:text   (figures go to bench/results/text.json)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RenderedPrompt } from '../../server/core/model.js';
import { createTransformersEnvironment, createTransformersTextModel } from '../../server/models/transformers/index.js';
import { generateTinyModels } from '../../testkit/tiny-models/generate.js';

const PROMPTS = 50;
const REPEATS = 5;
const LABELS = [' positive', ' negative', ' neutral', ' mixed'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Few-shot sentiment prompts of about 250 bytes (the tiny model's tokens are bytes). */
function prompts(): RenderedPrompt[] {
  const reviews = ['Great value, works perfectly.', 'The soup was cold.', 'It arrived on time.', 'Loved the story, hated the ending.', 'Would not buy again.'];
  return Array.from({ length: PROMPTS }, (_, i) => ({
    style: 'completion',
    text:
      'Classify the sentiment of each review.\n\n' +
      'Review: Setup took five minutes and it just works.\nSentiment: positive\n\n' +
      'Review: The bread was stale and the staff rude.\nSentiment: negative\n\n' +
      `Review: ${reviews[i % reviews.length]} (#${i})\nSentiment:`,
  }));
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-text-'));
  try {
    await generateTinyModels(dir);
    const environment = createTransformersEnvironment({ modelsDir: dir, offline: true });
    const model = createTransformersTextModel({ id: 'gpt2', repo: 'tiny-gpt2-large', style: 'completion', environment });
    await model.ready();
    const labelTokens = LABELS.map((label) => model.countTokens(label));
    const all = prompts();

    const methods = {
      'batched scoring (1 pass, 4 rows)': async (prompt: RenderedPrompt) => (await model.scoreChoices(prompt, LABELS)).logprobs,
      'scoring one label at a time (4 passes)': async (prompt: RenderedPrompt) => {
        const logprobs: number[] = [];
        for (const label of LABELS) logprobs.push((await model.scoreChoices(prompt, [label])).logprobs[0]!);
        return logprobs;
      },
      '4 separate generations': async (prompt: RenderedPrompt) => {
        for (const tokens of labelTokens) await model.generate({ prompt, temperature: 0, topP: 1, maxTokens: tokens, stop: [] });
        return null;
      },
    };

    // Batched and one-at-a-time scoring must agree: the batch changes the cost, not the numbers.
    for (const prompt of all.slice(0, 5)) {
      const batched = await methods['batched scoring (1 pass, 4 rows)'](prompt);
      const single = await methods['scoring one label at a time (4 passes)'](prompt);
      batched.forEach((value, i) => {
        if (Math.abs(value - single[i]!) > 1e-4) throw new Error(`batched and single scoring differ: ${value} vs ${single[i]}`);
      });
    }

    console.log(
      `Choice scoring of ${LABELS.length} labels (${labelTokens.join(', ')} tokens) after ${PROMPTS} prompts of ~${model.countTokens(all[0]!.style === 'completion' ? all[0]!.text : '')} tokens, tiny-gpt2-large; median of ${REPEATS} runs (${os.cpus().length} CPUs)`,
    );
    console.log('method                                  | median (ms) | per prompt (ms) | vs batched');
    const rows: { method: string; medianMs: number; perPromptMs: number; runsMs: number[]; ratio: number }[] = [];
    for (const [name, run] of Object.entries(methods)) {
      for (const prompt of all.slice(0, 5)) await run(prompt); // warm-up
      const runs: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const started = performance.now();
        for (const prompt of all) await run(prompt);
        runs.push(performance.now() - started);
      }
      const medianMs = median(runs);
      rows.push({
        method: name,
        medianMs,
        perPromptMs: medianMs / PROMPTS,
        runsMs: runs.map((ms) => Math.round(ms * 10) / 10),
        ratio: medianMs / (rows[0]?.medianMs ?? medianMs),
      });
      const row = rows.at(-1)!;
      console.log(
        `${name.padEnd(39)} | ${medianMs.toFixed(1).padStart(11)} | ${row.perPromptMs.toFixed(2).padStart(15)} | ${row.ratio.toFixed(1).padStart(9)}x`,
      );
    }
    const results = {
      benchmark: 'text',
      recordedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${process.platform} ${process.arch}` },
      workload: { model: 'tiny-gpt2-large', prompts: PROMPTS, labels: LABELS, labelTokens, repeats: REPEATS },
      methods: rows,
    };
    const out = path.join(import.meta.dirname, '..', 'results', 'text.json');
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
