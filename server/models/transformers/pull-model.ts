// Fetching local models ahead of time (`sandbox models pull`): from the hub on a connected machine,
// or from a copied folder on an air-gapped one. Both load the model through the same provider code
// the grader uses, so a model that pulls is a model that loads.
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, errorMessage } from '../../core/errors.js';
import { createTransformersClipModel } from './clip-model.js';
import { DEFAULT_REMOTE_HOST, createTransformersEnvironment, type DownloadProgress } from './environment.js';
import { inspectModelFolder, requiredModelFiles } from './model-folder.js';
import { createTransformersTextModel } from './text-model.js';

export type PullTarget = {
  /** The models.yaml id, for messages. */
  id: string;
  /** Hub repo, also the folder under modelsDir. */
  repo: string;
  kind: 'text' | 'image-text';
  style?: 'completion' | 'chat';
  quantized: boolean;
  modelsDir: string;
  remoteHost?: string;
};

export type Fetch = typeof fetch;

function loadTarget(target: PullTarget, modelsDir: string, offline: boolean, onProgress?: (event: DownloadProgress) => void): Promise<void> {
  const environment = createTransformersEnvironment({
    modelsDir,
    offline,
    ...(target.remoteHost ? { remoteHost: target.remoteHost } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const common = { id: target.id, repo: target.repo, environment, quantized: target.quantized };
  return target.kind === 'image-text'
    ? createTransformersClipModel(common).ready()
    : createTransformersTextModel({ ...common, style: target.style ?? 'completion' }).ready();
}

/**
 * Asks the hub for the model's config.json first: a machine without network (or a wrong repo name)
 * then fails in a moment with a message that says what to do, before anything is written.
 */
async function checkHub(target: PullTarget, fetchImpl: Fetch, timeoutMs: number): Promise<void> {
  const host = target.remoteHost ?? DEFAULT_REMOTE_HOST;
  const url = `${host}${target.repo}/resolve/main/config.json`;
  let status: number;
  try {
    const response = await fetchImpl(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
  } catch (error) {
    // Node's fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, ...) is in its cause.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? errorMessage(error);
    throw new ConfigError(
      `cannot reach ${host} to download ${target.repo} (${reason}). On a machine without internet access, copy the model folder ` +
        `from a connected machine (its models directory has ${target.repo}/) and run \`sandbox models pull ${target.id} --from <folder>\``,
      { repo: target.repo, host },
    );
  }
  if (status === 401 || status === 403 || status === 404) {
    throw new ConfigError(`${host} has no model ${target.repo} (HTTP ${status}); check the model name in models.yaml`, { repo: target.repo, status });
  }
  if (status >= 400) throw new ConfigError(`${host} answered HTTP ${status} for ${target.repo}; try again later`, { repo: target.repo, status });
}

/** Downloads the model's files into its models directory; returns false when it was already there. */
export async function downloadModel(
  target: PullTarget,
  options: { onProgress?: (event: DownloadProgress) => void; fetch?: Fetch; timeoutMs?: number } = {},
): Promise<boolean> {
  const folder = join(target.modelsDir, target.repo);
  if (inspectModelFolder(folder, target.kind, target.quantized).state === 'cached') return false;
  await checkHub(target, options.fetch ?? fetch, options.timeoutMs ?? 15_000);
  await loadTarget(target, target.modelsDir, false, options.onProgress);
  const after = inspectModelFolder(folder, target.kind, target.quantized);
  if (after.state !== 'cached') {
    const missing = after.state === 'incomplete' ? after.missing.join(', ') : 'every file';
    throw new ConfigError(`downloading ${target.repo} left ${folder} without ${missing}; run the pull again`);
  }
  return true;
}

/** The model folder inside `from`: `<from>/<repo>` (a copied models directory) or `from` itself. */
export function findModelFolder(from: string, repo: string): string {
  const nested = join(from, repo);
  return existsSync(join(nested, 'config.json')) ? nested : from;
}

/**
 * Copies a model folder into the models directory. The copy is checked (required files, then an
 * offline load through the provider) in a staging folder and only then moved into place, so an
 * interrupted or broken import never looks like a cached model.
 */
export async function importModelFolder(target: PullTarget, from: string): Promise<{ source: string; bytes: number }> {
  const source = findModelFolder(resolve(from), target.repo);
  const destination = join(target.modelsDir, target.repo);
  const found = inspectModelFolder(source, target.kind, target.quantized);
  if (found.state === 'missing') throw new ConfigError(`--from ${from}: no such folder`);
  if (found.state === 'incomplete') {
    throw new ConfigError(
      `${source} is not a complete ${target.kind} model for ${target.id}: it lacks ${found.missing.join(', ')} ` +
        `(needed: ${requiredModelFiles(target.kind, target.quantized).join(', ')})`,
      { missing: found.missing },
    );
  }
  if (resolve(source) === resolve(destination)) return { source, bytes: found.bytes };

  await mkdir(target.modelsDir, { recursive: true });
  const staging = await mkdtemp(join(target.modelsDir, '.import-'));
  try {
    await cp(source, join(staging, target.repo), { recursive: true, dereference: true });
    try {
      await loadTarget(target, staging, true);
    } catch (error) {
      throw new ConfigError(`${source} has the files of ${target.id} but does not load: ${errorMessage(error)}`);
    }
    await mkdir(dirname(destination), { recursive: true });
    await rm(destination, { recursive: true, force: true });
    await rename(join(staging, target.repo), destination);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { source, bytes: found.bytes };
}
