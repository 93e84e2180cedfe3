// Local models through @xenova/transformers: one environment (models directory, offline or not)
// shared by every model created from it.
export { createTransformersEnvironment } from './environment.js';
export type { TransformersEnvironment, TransformersEnvironmentOptions, TransformersLibrary } from './environment.js';
export { createTransformersTextModel, transformersFingerprint } from './text-model.js';
export type { TransformersTextModel, TransformersTextModelOptions } from './text-model.js';
export { createTransformersClipModel, logitScaleFromConfig } from './clip-model.js';
export type { TransformersClipModel, TransformersClipModelOptions } from './clip-model.js';
export { missingModelError } from './model-load-error.js';
