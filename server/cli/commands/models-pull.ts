// `sandbox models pull [ids...] [--from DIR]`: puts local models into the models directory ahead of
// time, so a lab or an air-gapped grading server never downloads during a class or a grading run.
// Without --from it downloads from the hub (a progress bar on stderr); with --from it imports a
// copied model folder after checking its files and loading it.
import { z } from 'zod';
import type { Config } from '../../config.js';
import { ConfigError, errorMessage } from '../../core/errors.js';
import type { ModelsConfig } from '../../models/models-config.js';
import type { DownloadProgress } from '../../models/transformers/environment.js';
import { formatBytes } from '../../models/transformers/model-folder.js';
import { downloadModel, importModelFolder, type Fetch } from '../../models/transformers/pull-model.js';
import { parseFlags, UsageError } from '../args.js';
import { paint, type Output } from '../output.js';
import { localModels, type LocalModel } from './local-models.js';

export const modelsUsage = `Usage: sandbox models list
       sandbox models pull [id...] [--from DIR]
  list          configured models: provider, kind, style, cached or missing, size on disk
  pull [id...]  download local (transformers.js) models from the Hugging Face Hub into the models
                directory (SANDBOX_MODELS_DIR); all local models when no id is given. An id is a
                models.yaml id (gpt2) or its hub repo (Xenova/gpt2).
  --from DIR    import a copied model folder instead (DIR is the model's folder, or a models
                directory holding <repo>/ folders); works offline`;

const FlagsSchema = z.object({ from: z.string().min(1).optional() });
const flagSpec = { from: { type: 'string' } } as const;

export type PullContext = {
  modelsConfig: ModelsConfig;
  config: Pick<Config, 'modelsDir' | 'offline' | 'root'>;
  /** Tests point downloads at a local hub; the real fetch otherwise. */
  fetch?: Fetch;
};

function select(all: LocalModel[], ids: string[], modelsConfig: ModelsConfig): LocalModel[] {
  if (all.length === 0) throw new ConfigError(`${modelsConfig.source} has no local (type: transformers) models to pull`);
  if (ids.length === 0) return all;
  return ids.map((id) => {
    const found = all.find((entry) => entry.model.id === id) ?? all.find((entry) => entry.target.repo === id);
    if (found) return found;
    const other = modelsConfig.models.find((model) => model.id === id);
    if (other) throw new UsageError(`model ${id} is served by provider ${other.provider} over its API; there is nothing to pull`);
    throw new UsageError(`no local model "${id}" in ${modelsConfig.source}; local models: ${all.map((entry) => entry.model.id).join(', ')}`);
  });
}

/** One line per model on a terminal, redrawn as bytes arrive; one line per finished file otherwise. */
export function progressPrinter(
  label: string,
  interactive: boolean,
  write: (text: string) => void,
  now: () => number = Date.now,
): (event: DownloadProgress) => void {
  const files = new Map<string, { loaded: number; total: number }>();
  let lastDraw = 0;
  return (event) => {
    if (event.status === 'ready') return;
    if (event.status === 'progress') files.set(event.file, { loaded: event.loaded, total: event.total });
    if (event.status === 'done' && !interactive) {
      const size = files.get(event.file);
      write(`  ${label} ${event.file}${size ? ` ${formatBytes(size.total)}` : ''}\n`);
      return;
    }
    if (!interactive || event.status !== 'progress') return;
    const time = now();
    // At most ten redraws a second, but always the last one of a file.
    if (time - lastDraw < 100 && event.loaded < event.total) return;
    lastDraw = time;
    const loaded = [...files.values()].reduce((sum, file) => sum + file.loaded, 0);
    const total = [...files.values()].reduce((sum, file) => sum + file.total, 0);
    const width = 30;
    const filled = total ? Math.round((loaded / total) * width) : 0;
    const percent = total ? Math.floor((loaded / total) * 100) : 0;
    write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${formatBytes(loaded)} / ${formatBytes(total)}  ${event.file}\u001b[K`,
    );
  };
}

export async function runModelsPull(argv: string[], context: PullContext, output: Output, interactive: boolean): Promise<number> {
  const { flags, positionals } = parseFlags(argv, flagSpec, FlagsSchema, modelsUsage);
  const { modelsConfig, config } = context;
  const selected = select(localModels(modelsConfig, config), positionals, modelsConfig);
  const offline = selected.filter((entry) => entry.offline);
  if (!flags.from && offline.length) {
    throw new ConfigError(
      `models pull downloads from the Hugging Face Hub, but offline mode is on for ${offline.map((entry) => entry.model.id).join(', ')} ` +
        `(SANDBOX_OFFLINE, or offline: true for provider ${offline[0]!.provider.name} in ${modelsConfig.source}). ` +
        'Pull on a machine with internet access and copy its models directory here, or import a copied model folder with ' +
        '`sandbox models pull <id> --from <folder>`',
    );
  }
  let failed = 0;
  for (const entry of selected) {
    const { target } = entry;
    const label = `${target.id} (${target.repo})`;
    const started = Date.now();
    try {
      if (flags.from) {
        const { source, bytes } = await importModelFolder(target, flags.from);
        output.out(`imported ${label} from ${source} into ${target.modelsDir}: ${formatBytes(bytes)}`);
        continue;
      }
      const progress = progressPrinter(label, interactive, (text) => process.stderr.write(text));
      const downloaded = await downloadModel(target, { onProgress: progress, ...(context.fetch ? { fetch: context.fetch } : {}) });
      if (interactive && downloaded) process.stderr.write('\n');
      output.out(
        downloaded
          ? `pulled ${label} into ${target.modelsDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`
          : `${label} is already in ${target.modelsDir}`,
      );
    } catch (error) {
      if (interactive) process.stderr.write('\n');
      failed++;
      output.err(paint(output, 'red', `sandbox: ${label}: ${errorMessage(error)}`));
    }
  }
  return failed ? 1 : 0;
}
