// What a model folder must hold for the providers to load it with @xenova/transformers 2.17.2, and
// what is there: `models list` reports it, `models pull --from` checks a copied folder with it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type ModelFolderKind = 'text' | 'image-text';

/** Files the library reads (generation_config.json is optional and not listed). */
export function requiredModelFiles(kind: ModelFolderKind, quantized = true): string[] {
  const suffix = quantized ? '_quantized' : '';
  const common = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
  if (kind === 'text') return [...common, `onnx/decoder_model_merged${suffix}.onnx`];
  // CLIP through its two towers, as the Xenova CLIP repos ship them.
  return [...common, 'preprocessor_config.json', `onnx/text_model${suffix}.onnx`, `onnx/vision_model${suffix}.onnx`];
}

export type ModelFolderStatus = { state: 'cached'; bytes: number } | { state: 'incomplete'; missing: string[]; bytes: number } | { state: 'missing' };

export function inspectModelFolder(dir: string, kind: ModelFolderKind, quantized = true): ModelFolderStatus {
  if (!existsSync(dir)) return { state: 'missing' };
  const missing = requiredModelFiles(kind, quantized).filter((file) => !existsSync(join(dir, file)));
  const bytes = folderBytes(dir);
  return missing.length ? { state: 'incomplete', missing, bytes } : { state: 'cached', bytes };
}

/** Total size of the files under `dir` (symbolic links are followed, as the library follows them). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) continue;
    total += stats.isDirectory() ? folderBytes(path) : stats.size;
  }
  return total;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
