// Turns the library's load failures into ConfigErrors that say how to get the model. A model that
// is missing, unreachable or unloadable is a setup problem, never worth retrying per request.
import { ConfigError, SandboxError, errorMessage } from '../../core/errors.js';

export function missingModelError(repo: string, modelsDir: string, cause?: unknown): ConfigError {
  const error = new ConfigError(
    `model ${repo} is not in ${modelsDir}; run \`sandbox models pull ${repo}\` on a machine that reaches the Hugging Face Hub, ` +
      'or copy the model folder there',
    { repo, modelsDir },
  );
  if (cause !== undefined) error.cause = cause;
  return error;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Node's fetch says "fetch failed" and puts the system error (ENOTFOUND, ...) in `cause`.
  if (error.message === 'fetch failed') return true;
  const code = (error.cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

export function toModelLoadError(error: unknown, repo: string, modelsDir: string): SandboxError {
  if (error instanceof SandboxError) return error;
  const message = errorMessage(error);
  // Offline (local_files_only) and a file is absent: the folder is missing or incomplete.
  if (message.includes('file was not found locally')) {
    const path = /at "([^"]+)"/.exec(message)?.[1];
    if (path && !path.endsWith('/config.json')) {
      const incomplete = new ConfigError(
        `model ${repo} in ${modelsDir} is incomplete: ${path} is missing; run \`sandbox models pull ${repo}\` on a machine ` +
          'that reaches the Hugging Face Hub, or copy the complete model folder there',
        { repo, modelsDir, path },
      );
      incomplete.cause = error;
      return incomplete;
    }
    return missingModelError(repo, modelsDir, error);
  }
  if (isNetworkFailure(error)) return missingModelError(repo, modelsDir, error);
  // The hub answered but does not have it (404, or 401 for repos that do not exist).
  if (/Could not locate file|Unauthorized access|Forbidden/.test(message)) {
    const notOnHub = new ConfigError(
      `model ${repo} could not be downloaded from the Hugging Face Hub (${message}); check the repo name, ` + `or copy the model folder into ${modelsDir}`,
      { repo, modelsDir },
    );
    notOnHub.cause = error;
    return notOnHub;
  }
  const failed = new ConfigError(`model ${repo} could not be loaded from ${modelsDir}: ${message}`, { repo, modelsDir });
  failed.cause = error;
  return failed;
}
