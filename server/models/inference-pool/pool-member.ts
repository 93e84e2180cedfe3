// One pool member (a child process): builds each model with the in-process transformers factory the
// first time a call needs it, keeps it for the member's life, and runs the calls the pool sends
// (one at a time: the pool never gives a member a second call while one runs).
//
// Cancelling is cooperative: a `cancel` message aborts the call's AbortSignal, which the models
// check between tokens and batches. That message can only be read when the event loop turns, which
// is why the models yield a turn between steps (see transformers/next-turn.ts).
import { Cancelled } from '../../core/errors.js';
import type { Model } from '../../core/model.js';
import type { ModelConfig, ProviderConfig } from '../models-config.js';
import { createTransformersModelFactory } from '../transformers/factory.js';
import { serializeError } from './pool-errors.js';
import { ToMemberSchema, type FromMember, type MemberSettings, type PackedEmbeddings, type PoolCall, type PoolTarget } from './pool-protocol.js';

export type PoolMember = {
  /** Handles one message from the pool; answers through `send`. Never throws. */
  receive(message: unknown): void;
};

export function createPoolMember(settings: MemberSettings, send: (message: FromMember) => void): PoolMember {
  const factory = createTransformersModelFactory(settings);
  const models = new Map<string, Model>();
  const inFlight = new Map<number, AbortController>();

  function modelFor(target: PoolTarget): Model {
    // Keyed on the whole entry: the same id with other options (tests, an edited models.yaml) is another model.
    const key = JSON.stringify(target);
    let model = models.get(key);
    if (!model) {
      model = factory(target.provider as ProviderConfig, target.model as ModelConfig, {});
      models.set(key, model);
    }
    return model;
  }

  async function run(model: Model, call: PoolCall, signal: AbortSignal, onText: ((delta: string) => void) | undefined): Promise<unknown> {
    switch (call.op) {
      case 'ready':
        await model.ready?.();
        return model.kind === 'image-text' ? { logitScale: model.logitScale } : {};
      case 'generate':
        if (model.kind !== 'text') throw new Error(`model ${model.id} is not a text model`);
        return model.generate(call.request, { signal, ...(onText ? { onText } : {}) });
      case 'scoreChoices':
        if (model.kind !== 'text' || !model.scoreChoices) throw new Error(`model ${model.id} cannot score choices`);
        return model.scoreChoices(call.prompt, call.choices, { signal });
      case 'embedTexts':
        if (model.kind !== 'image-text') throw new Error(`model ${model.id} is not an image-text model`);
        return pack(await model.embedTexts(call.texts, { signal }));
      case 'embedImages':
        if (model.kind !== 'image-text') throw new Error(`model ${model.id} is not an image-text model`);
        return pack(await model.embedImages(call.images, { signal }));
    }
  }

  async function handleCall(message: Extract<ReturnType<typeof ToMemberSchema.parse>, { type: 'call' }>) {
    const { id, target, call } = message;
    const controller = new AbortController();
    inFlight.set(id, controller);
    const onText = message.stream ? (delta: string) => send({ type: 'delta', id, delta }) : undefined;
    try {
      const value = await run(modelFor(target), call, controller.signal, onText);
      if (controller.signal.aborted) throw new Cancelled();
      send({ type: 'result', id, envelope: { ok: true, value } });
    } catch (error) {
      send({ type: 'result', id, envelope: { ok: false, error: serializeError(error) } });
    } finally {
      inFlight.delete(id);
    }
  }

  return {
    receive(raw) {
      const parsed = ToMemberSchema.safeParse(raw);
      if (!parsed.success) {
        // Only the pool talks to a member; a malformed message is a bug worth seeing in the log.
        console.error(`inference pool member: ignored an invalid message: ${parsed.error.message}`);
        return;
      }
      const message = parsed.data;
      if (message.type === 'cancel') inFlight.get(message.id)?.abort();
      else void handleCall(message);
    },
  };
}

function pack(embeddings: Float32Array[]): PackedEmbeddings {
  const size = embeddings[0]?.length ?? 0;
  const data = new Float32Array(embeddings.length * size);
  embeddings.forEach((row, index) => data.set(row, index * size));
  return { rows: embeddings.length, size, data };
}
