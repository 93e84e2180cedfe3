// Where transformers.js models come from: a models directory laid out like the Hugging Face Hub
// (<modelsDir>/<repo>/config.json, onnx/...), optionally filled from the hub on first use.
//
// The library keeps its settings in one process-global `env` object that it reads while loading
// files. So every load goes through `environment.load`, which applies this environment's settings
// and runs loads one at a time: two environments (e.g. tests with different directories) can then
// never interleave half of one load with the other's settings. Inference does not read `env`.
// The library itself is imported on the first load (local-stack.ts), not when the module is.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PreTrainedTokenizer } from '@xenova/transformers';
import { ConfigError } from '../../core/errors.js';
import { loadTransformers, type TransformersModule } from '../local-stack.js';
import { toModelLoadError, missingModelError } from './model-load-error.js';

/** The parts of @xenova/transformers the providers use; tests may pass a wrapped copy. */
export type TransformersLibrary = Pick<
  TransformersModule,
  | 'env'
  | 'AutoConfig'
  | 'AutoTokenizer'
  | 'AutoModelForCausalLM'
  | 'AutoProcessor'
  | 'CLIPTextModelWithProjection'
  | 'CLIPVisionModelWithProjection'
  | 'RawImage'
  | 'Tensor'
>;

/** What the library reports while it fetches a model's files (its `progress_callback` events). */
export type DownloadProgress =
  | { status: 'initiate' | 'download' | 'done'; name: string; file: string }
  | { status: 'progress'; name: string; file: string; progress: number; loaded: number; total: number }
  | { status: 'ready'; task: string; model: string };

/** Options every `from_pretrained` call of a load receives. */
export type LoadOptions = { local_files_only: boolean; cache_dir: string; progress_callback?: (event: DownloadProgress) => void };

export type TransformersEnvironmentOptions = {
  /** Hub-layout models directory; downloads (when not offline) land here too. */
  modelsDir: string;
  /** Never touch the network: a model that is not in modelsDir fails at once. */
  offline: boolean;
  /** Hub address, e.g. a mirror. Defaults to https://huggingface.co/. */
  remoteHost?: string;
  library?: TransformersLibrary;
  /** Told about each file as it is read or downloaded (`sandbox models pull` draws its progress bar). */
  onProgress?: (event: DownloadProgress) => void;
  /**
   * Intra-op threads of each onnxruntime session (pretrained-models.ts); unset: the library's
   * default, a thread per core. Inference-pool members set it so that members share the cores.
   */
  sessionThreads?: number;
};

export type TransformersEnvironment = {
  readonly modelsDir: string;
  readonly offline: boolean;
  /** The library, imported on first use; the same one for every later call. */
  library(): Promise<TransformersLibrary>;
  /** Threads per onnxruntime session, or null for the library's default. */
  readonly sessionThreads: number | null;
  /**
   * Runs `load` with this environment's settings, after every load already started, and turns
   * "the model is not there" failures into a ConfigError that says how to get it.
   */
  load<T>(repo: string, load: (options: LoadOptions, library: TransformersLibrary) => Promise<T>): Promise<T>;
  /** A JSON file of a model that is already in modelsDir, read synchronously; null when absent. */
  readLocalJson(repo: string, file: string): Record<string, unknown> | null;
  /**
   * The model's tokenizer built synchronously from modelsDir, so token counts need no model load;
   * the library must have been imported first (`await library()`, which a model's
   * prepareTokenizer() does). Throws a ConfigError when its files are not there (yet).
   */
  readLocalTokenizer(repo: string): PreTrainedTokenizer;
};

export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

// The library's env is global, so the queue that protects it is too.
let loadQueue: Promise<unknown> = Promise.resolve();

export function createTransformersEnvironment(options: TransformersEnvironmentOptions): TransformersEnvironment {
  const modelsDir = resolve(options.modelsDir);
  const { offline } = options;
  // Given (tests) or imported on first use; kept per environment, never in module state.
  let library: TransformersLibrary | null = options.library ?? null;
  let importing: Promise<TransformersLibrary> | null = null;
  function loadLibrary(): Promise<TransformersLibrary> {
    if (library) return Promise.resolve(library);
    importing ??= loadTransformers().then((loaded) => (library = loaded));
    return importing;
  }
  // Not read from the library's env: another environment may have changed it.
  const remoteHost = options.remoteHost ?? DEFAULT_REMOTE_HOST;

  function applySettings(loaded: TransformersLibrary): void {
    const env = loaded.env;
    env.allowLocalModels = true;
    env.localModelPath = `${modelsDir}/`;
    env.allowRemoteModels = !offline;
    env.remoteHost = remoteHost;
    // Downloads are cached as <cacheDir>/<repo>/<file>: the same layout as localModelPath, so a
    // model fetched once is found offline afterwards.
    env.useFSCache = true;
    env.useBrowserCache = false;
    env.cacheDir = modelsDir;
  }

  function readLocalJson(repo: string, file: string): Record<string, unknown> | null {
    const path = join(modelsDir, repo, file);
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`model ${repo}: ${path} is not valid JSON; copy the model folder again`, { cause: String(error) });
    }
  }

  return {
    modelsDir,
    offline,
    library: loadLibrary,
    sessionThreads: options.sessionThreads ?? null,
    load<T>(repo: string, load: (loadOptions: LoadOptions, library: TransformersLibrary) => Promise<T>): Promise<T> {
      const run = async () => {
        // Offline, the library would also fail, but only after warning about each missing file.
        if (offline && !existsSync(join(modelsDir, repo, 'config.json'))) throw missingModelError(repo, modelsDir);
        const loaded = await loadLibrary();
        applySettings(loaded);
        try {
          return await load(
            { local_files_only: offline, cache_dir: modelsDir, ...(options.onProgress ? { progress_callback: options.onProgress } : {}) },
            loaded,
          );
        } catch (error) {
          throw toModelLoadError(error, repo, modelsDir);
        }
      };
      const result = loadQueue.then(run);
      loadQueue = result.catch(() => undefined);
      return result;
    },
    readLocalJson,
    readLocalTokenizer(repo: string): PreTrainedTokenizer {
      const tokenizerJson = readLocalJson(repo, 'tokenizer.json');
      const tokenizerConfig = readLocalJson(repo, 'tokenizer_config.json');
      if (!tokenizerJson || !tokenizerConfig) {
        if (offline) throw missingModelError(repo, modelsDir);
        throw new ConfigError(
          `model ${repo} is not downloaded into ${modelsDir} yet, so its tokenizer cannot count tokens; ` +
            `await the model's ready() first, or run \`sandbox models pull ${repo}\``,
        );
      }
      if (!library) throw new ConfigError(`model ${repo}: its tokenizer library is not loaded yet; await the model's prepareTokenizer() or ready() first`);
      // What AutoTokenizer.from_pretrained does once it has read the two files.
      const className = typeof tokenizerConfig.tokenizer_class === 'string' ? tokenizerConfig.tokenizer_class.replace(/Fast$/, '') : '';
      const mapping = library.AutoTokenizer.TOKENIZER_CLASS_MAPPING as unknown as Record<string, new (json: unknown, config: unknown) => PreTrainedTokenizer>;
      const TokenizerClass = mapping[className] ?? mapping.PreTrainedTokenizer!;
      return new TokenizerClass(tokenizerJson, tokenizerConfig);
    },
  };
}
