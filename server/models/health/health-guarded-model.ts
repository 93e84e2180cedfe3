// A model whose calls pass through the health service: refused at once while its breaker is open
// or its setup is known to be missing, and reporting every outcome back. The registry hands out
// only guarded models, so grading, the playground and the /v1 gateway all share one breaker.
import { ConfigError } from '../../core/errors.js';
import type { ImageTextModel, Model, TextModel } from '../../core/model.js';
import type { ModelHealth } from './model-health.js';

/** Records a setup error (its message is the operator's advice) so staff see it and pickers grey it. */
export function recordSetupError(health: ModelHealth, id: string, error: unknown): void {
  if (!(error instanceof ConfigError)) return;
  const variable = (error.details as { variable?: unknown } | undefined)?.variable;
  health.set(id, typeof variable === 'string' ? 'missing-key' : 'missing-files', error.message);
}

export function guardModel<M extends Model>(model: M, health: ModelHealth): M {
  const id = model.id;
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    health.admit(id);
    try {
      const value = await work();
      health.succeeded(id);
      return value;
    } catch (error) {
      if (error instanceof ConfigError) recordSetupError(health, id, error);
      else health.failed(id, error);
      throw error;
    }
  }
  // Methods are bound, not spread: providers may keep state on `this`.
  const ready = model.ready
    ? async () => {
        try {
          await model.ready!();
        } catch (error) {
          recordSetupError(health, id, error);
          throw error;
        }
      }
    : undefined;
  if (model.kind === 'text') {
    const text = model as TextModel;
    const wrapped: TextModel = {
      id,
      kind: 'text',
      style: text.style,
      fingerprint: text.fingerprint,
      generate: (request, options) => guarded(() => text.generate(request, options)),
      countTokens: (value) => text.countTokens(value),
      ...(text.maxTokens ? { maxTokens: (value: string) => text.maxTokens!(value) } : {}),
      ...(text.scoreChoices ? { scoreChoices: (prompt, choices, options) => guarded(() => text.scoreChoices!(prompt, choices, options)) } : {}),
      // The gateway's lean path goes through the same breaker as every other call.
      ...(text.forward ? { forward: (request, options) => guarded(() => text.forward!(request, options)) } : {}),
      ...(ready ? { ready } : {}),
      ...(text.prepareTokenizer ? { prepareTokenizer: () => text.prepareTokenizer!() } : {}),
    };
    return wrapped as M;
  }
  const image = model as ImageTextModel;
  const wrapped: ImageTextModel = {
    id,
    kind: 'image-text',
    fingerprint: image.fingerprint,
    // A getter: local CLIP models learn their scale when they load.
    get logitScale() {
      return image.logitScale;
    },
    embedTexts: (texts, options) => guarded(() => image.embedTexts(texts, options)),
    embedImages: (images, options) => guarded(() => image.embedImages(images, options)),
    ...(ready ? { ready } : {}),
  };
  return wrapped as M;
}
