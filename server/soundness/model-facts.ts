// What `tasks check` needs to know about a model without calling it: its kind, how many tokens it
// reads in all (models.yaml `contextTokens`, or a local model's own config.json when its files are
// present: the smaller wins, since the prompt must fit both) and its family (models.yaml `family`).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ModelsConfig } from '../models/models-config.js';
import { resolveTransformersProvider } from '../models/transformers/factory.js';

export type ContextLength = { tokens: number; source: string };
export type ModelFacts = { id: string; kind: 'text' | 'image-text'; context: ContextLength | null; family: string | null };
/** Undefined for a model id the catalogue does not know. */
export type ModelCatalogue = (modelId: string) => ModelFacts | undefined;

export type ModelFactsOptions = {
  modelsConfig: ModelsConfig;
  /** SANDBOX_MODELS_DIR and SANDBOX_OFFLINE, the defaults of local providers. */
  modelsDir: string;
  offline: boolean;
  root: string;
};

/** The fields of a hub config.json that give a causal LM's context, in the order transformers.js reads them. */
const HubConfigSchema = z.object({
  n_positions: z.number().int().positive().optional(),
  max_position_embeddings: z.number().int().positive().optional(),
  n_ctx: z.number().int().positive().optional(),
});

function localContext(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = HubConfigSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) return null;
    return parsed.data.n_positions ?? parsed.data.max_position_embeddings ?? parsed.data.n_ctx ?? null;
  } catch {
    // An unreadable config.json is the model loader's problem to report; here it just says nothing.
    return null;
  }
}

export function createModelCatalogue(options: ModelFactsOptions): ModelCatalogue {
  return (modelId) => {
    const model = options.modelsConfig.models.find((m) => m.id === modelId);
    if (!model) return undefined;
    const candidates: ContextLength[] = [];
    if (model.contextTokens) candidates.push({ tokens: model.contextTokens, source: `${options.modelsConfig.source} contextTokens` });
    const provider = options.modelsConfig.providers[model.provider];
    if (provider?.type === 'transformers') {
      const { modelsDir } = resolveTransformersProvider(provider, { modelsDir: options.modelsDir, offline: options.offline, root: options.root });
      const tokens = localContext(path.join(modelsDir, model.model, 'config.json'));
      if (tokens) candidates.push({ tokens, source: `${model.model}/config.json` });
    }
    const context = candidates.reduce<ContextLength | null>((least, c) => (!least || c.tokens < least.tokens ? c : least), null);
    return { id: model.id, kind: model.kind, context, family: model.family ?? null };
  };
}

/** A catalogue from plain facts, for checks run on hand-built tasks (tests, fixtures). */
export function catalogueOf(facts: ModelFacts[]): ModelCatalogue {
  const byId = new Map(facts.map((f) => [f.id, f]));
  return (modelId) => byId.get(modelId);
}
