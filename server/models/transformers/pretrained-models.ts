// Builds the library's model objects, on onnxruntime sessions with a thread count we choose when
// the environment asks for one.
//
// Why: transformers.js 2.17 creates every session with onnxruntime's defaults, whose intra-op
// thread pool is as large as the machine and spins while it waits. Two inference-pool members on a
// 2-core machine then run four busy threads on two cores, and a pool of 2 graded slower than a pool
// of 1 (bench/README.md, surge). The library has no option for it, but its model classes take
// `(config, session[, generation_config])` in their constructors, which is what its own
// `from_pretrained` does after reading the files: so we read the same files, create the session
// with onnxruntime-node's public API and `intraOpNumThreads`, and construct the same class. Without
// a thread count (the server's own process, tests) the library loads the model itself, unchanged.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PreTrainedModel } from '@xenova/transformers';
import type { InferenceSession } from 'onnxruntime-node';
import { loadOnnxRuntime } from '../local-stack.js';
import type { LoadOptions, TransformersEnvironment, TransformersLibrary } from './environment.js';

type ModelClass = new (config: unknown, session: InferenceSession, generationConfig?: unknown) => PreTrainedModel;

/** The ONNX file of `part` when it is already in the models directory (null: let the library fetch it). */
function localOnnxFile(environment: TransformersEnvironment, repo: string, part: string, quantized: boolean): string | null {
  const path = join(environment.modelsDir, repo, 'onnx', `${part}${quantized ? '_quantized' : ''}.onnx`);
  return existsSync(path) ? path : null;
}

async function createSession(path: string, threads: number): Promise<InferenceSession> {
  const ort = await loadOnnxRuntime();
  // Sequential execution: the graphs we run are chains, and a second (inter-op) pool would add
  // threads back. Spinning stays onnxruntime's default; with one thread there is no pool to spin.
  return ort.InferenceSession.create(path, { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
}

/** A decoder-only LM (gpt2, Qwen2, Llama…), as `AutoModelForCausalLM.from_pretrained` would build it. */
export async function loadCausalLmModel(
  environment: TransformersEnvironment,
  library: TransformersLibrary,
  repo: string,
  options: LoadOptions,
  quantized: boolean,
): Promise<PreTrainedModel> {
  const { sessionThreads } = environment;
  const path = sessionThreads ? localOnnxFile(environment, repo, 'decoder_model_merged', quantized) : null;
  if (!sessionThreads || !path) return library.AutoModelForCausalLM.from_pretrained(repo, { ...options, quantized });
  const config = (await library.AutoConfig.from_pretrained(repo, options)) as { model_type?: unknown };
  // The same table the library's AutoModelForCausalLM reads: model_type -> [class name, class].
  const mappings = (library.AutoModelForCausalLM as unknown as { MODEL_CLASS_MAPPINGS: Map<string, [string, ModelClass]>[] }).MODEL_CLASS_MAPPINGS;
  const entry = mappings.map((mapping) => mapping.get(String(config.model_type))).find(Boolean);
  if (!entry) return library.AutoModelForCausalLM.from_pretrained(repo, { ...options, quantized });
  const [, ModelClassFound] = entry;
  const generationConfig = environment.readLocalJson(repo, 'generation_config.json');
  return new ModelClassFound(config, await createSession(path, sessionThreads), generationConfig ?? undefined);
}

/** One of CLIP's two towers, as `CLIP{Text,Vision}ModelWithProjection.from_pretrained` would build it. */
export async function loadClipTower(
  environment: TransformersEnvironment,
  library: TransformersLibrary,
  repo: string,
  tower: 'text' | 'vision',
  options: LoadOptions,
  quantized: boolean,
): Promise<PreTrainedModel> {
  const { sessionThreads } = environment;
  const TowerClass = tower === 'text' ? library.CLIPTextModelWithProjection : library.CLIPVisionModelWithProjection;
  const path = sessionThreads ? localOnnxFile(environment, repo, `${tower}_model`, quantized) : null;
  if (!sessionThreads || !path) return TowerClass.from_pretrained(repo, { ...options, quantized });
  const config = await library.AutoConfig.from_pretrained(repo, options);
  return new (TowerClass as unknown as ModelClass)(config, await createSession(path, sessionThreads));
}
