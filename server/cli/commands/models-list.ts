// `sandbox models list`: every configured model with its provider, kind and style; for local models
// whether their files are in the models directory and how much space they take, for API models
// whether their key variable is set (never the key itself).
import path from 'node:path';
import type { Config } from '../../config.js';
import type { ModelsConfig } from '../../models/models-config.js';
import { formatBytes, inspectModelFolder } from '../../models/transformers/model-folder.js';
import { paint, type Output } from '../output.js';
import { localModels } from './local-models.js';

export function runModelsList(modelsConfig: ModelsConfig, config: Pick<Config, 'modelsDir' | 'offline' | 'root' | 'env'>, output: Output): number {
  const local = new Map(localModels(modelsConfig, config).map((entry) => [entry.model.id, entry]));
  const directories = new Map<string, string>();
  for (const entry of local.values()) {
    directories.set(entry.provider.name, `${entry.target.modelsDir}${entry.offline ? ' (offline)' : ''}`);
  }
  for (const [provider, where] of directories) output.out(`Local models of provider ${provider}: ${where}`);
  if (directories.size) output.out();

  const rows = modelsConfig.models.map((model) => {
    const provider = modelsConfig.providers[model.provider]!;
    let status: string;
    let size = '';
    const entry = local.get(model.id);
    if (entry) {
      const folder = inspectModelFolder(path.join(entry.target.modelsDir, entry.target.repo), model.kind, entry.target.quantized);
      if (folder.state === 'cached') status = paint(output, 'green', 'cached');
      else if (folder.state === 'incomplete') status = paint(output, 'yellow', `incomplete (no ${folder.missing.join(', ')})`);
      else status = paint(output, 'red', 'missing');
      if (folder.state !== 'missing') size = formatBytes(folder.bytes);
    } else if (provider.type === 'openai') {
      if (!provider.apiKeyEnv) status = 'no key needed';
      else if (config.env[provider.apiKeyEnv]?.trim()) status = `${provider.apiKeyEnv} set`;
      else status = provider.apiKeyOptional ? `${provider.apiKeyEnv} not set (optional)` : paint(output, 'red', `${provider.apiKeyEnv} not set`);
    } else status = '';
    return [model.id, model.provider, model.kind, model.style ?? '-', entry ? entry.target.repo : model.model, status, size];
  });
  const header = ['ID', 'PROVIDER', 'KIND', 'STYLE', 'MODEL', 'STATUS', 'SIZE'];
  // Colour codes take no room on screen: pad by the visible length.
  const visible = (text: string) => text.replace(/\u001b\[\d+m/g, '').length;
  const widths = header.map((title, column) => Math.max(visible(title), ...rows.map((row) => visible(row[column]!))));
  for (const row of [header, ...rows]) {
    output.out(
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column]! - visible(cell))))
        .join('  ')
        .trimEnd(),
    );
  }
  const missing = [...local.values()].filter(
    (entry) => inspectModelFolder(path.join(entry.target.modelsDir, entry.target.repo), entry.model.kind, entry.target.quantized).state !== 'cached',
  );
  if (missing.length) {
    output.out();
    output.out(`Fetch the missing local models with: sandbox models pull ${missing.map((entry) => entry.model.id).join(' ')}`);
  }
  return 0;
}
