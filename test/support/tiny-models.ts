// The designed tiny models (testkit/tiny-models/) generated once per test process into a
// temp directory, with test/fixtures/models.tiny.yaml mapping the shipped model ids to them. Use
// `registry()` in-process, or `env` for a child `sandbox` process (CLI tests, grading every task).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InferencePool } from '../../server/models/inference-pool/inference-pool.js';
import { loadModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry, type ConfiguredModelRegistry } from '../../server/models/registry.js';
import { generateTinyModels } from '../../testkit/tiny-models/generate.js';

export const tinyModelsConfigPath = path.resolve(import.meta.dirname, '../fixtures/models.tiny.yaml');

export type TinyModels = {
  /** Absolute temp directory holding tiny-gpt2, tiny-gpt2-large, tiny-gpt2-chat and tiny-clip. */
  modelsDir: string;
  modelsConfigPath: string;
  /** For a child process: SANDBOX_MODELS_DIR, SANDBOX_MODELS_CONFIG and SANDBOX_OFFLINE=1. */
  env: { SANDBOX_MODELS_DIR: string; SANDBOX_MODELS_CONFIG: string; SANDBOX_OFFLINE: '1' };
  /**
   * A fresh registry over models.tiny.yaml (models load on first use, offline): in-process, or
   * with `inferencePool` in its members (create it with `poolSettings({ modelsDir, offline: true })`).
   */
  registry(options?: { timeoutMs?: number; inferencePool?: InferencePool }): ConfiguredModelRegistry;
};

// On globalThis rather than in this module: vitest re-evaluates modules for every test file, but
// the files a worker process runs share its globals, so the models are generated once per process.
const shared = globalThis as { tinyModelsDir?: Promise<string> };

function generateOnce(): Promise<string> {
  shared.tinyModelsDir ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tiny-models-'));
    // Removed when the process ends; the models take about a megabyte and well under a second.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await generateTinyModels(dir);
    return dir;
  })().catch((error: unknown) => {
    delete shared.tinyModelsDir;
    throw error;
  });
  return shared.tinyModelsDir;
}

let prepared: Promise<TinyModels> | null = null;

async function prepare(): Promise<TinyModels> {
  const modelsDir = await generateOnce();
  return {
    modelsDir,
    modelsConfigPath: tinyModelsConfigPath,
    env: { SANDBOX_MODELS_DIR: modelsDir, SANDBOX_MODELS_CONFIG: tinyModelsConfigPath, SANDBOX_OFFLINE: '1' },
    registry: (options = {}) =>
      createModelRegistry({
        config: loadModelsConfig(tinyModelsConfigPath),
        env: {},
        factories: providerFactories({ timeoutMs: options.timeoutMs ?? 5_000, modelsDir, offline: true }, options.inferencePool),
      }),
  };
}

/** Generates the tiny models on the first call of a process; later calls share the same folder. */
export function prepareTinyModels(): Promise<TinyModels> {
  prepared ??= prepare().catch((error: unknown) => {
    prepared = null;
    throw error;
  });
  return prepared;
}
