// The local-model stack (@xenova/transformers, onnxruntime-node, sharp) is loaded on first use of
// a local model or image, never at start-up: together they cost about half a second and 60+ MiB,
// which API-only processes (`sandbox grade` of an API-model task, `serve` start-up) never pay.
// Node caches each dynamic import, so every caller after the first gets the same module at once.
import type * as Transformers from '@xenova/transformers';
import type * as OnnxRuntime from 'onnxruntime-node';
import type Sharp from 'sharp';

export type TransformersModule = typeof Transformers;
export type OnnxRuntimeModule = Pick<typeof OnnxRuntime, 'InferenceSession'>;
export type SharpFunction = typeof Sharp;

export function loadTransformers(): Promise<TransformersModule> {
  return import('@xenova/transformers');
}

export async function loadOnnxRuntime(): Promise<OnnxRuntimeModule> {
  // A CommonJS package marked __esModule: Node puts its exports on `default`, tsx on the namespace.
  const loaded = (await import('onnxruntime-node')) as unknown as OnnxRuntimeModule & { default?: OnnxRuntimeModule };
  return loaded.default?.InferenceSession ? loaded.default : loaded;
}

export async function loadSharp(): Promise<SharpFunction> {
  return (await import('sharp')).default;
}
