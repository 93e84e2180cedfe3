// models.yaml: which models exist, who serves them and how to reach them. Staff edit it by hand,
// so every problem is reported at once with file and place ("models.yaml: models[1].style: ...")
// and unknown keys are errors, not silently ignored typos.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, errorMessage } from '../core/errors.js';
import { ModelStyleSchema } from '../core/model.js';
import { ENCODING_NAMES } from './openai/tokenizer.js';

const NameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" (like "local-vllm")');

const EnvVarSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, like OPENAI_API_KEY');

export const OpenAIProviderSchema = z
  .object({
    type: z.literal('openai'),
    baseURL: z.url({ protocol: /^https?$/, error: 'Invalid URL (expected http:// or https://)' }),
    /** The environment variable holding the API key; never the key itself. */
    apiKeyEnv: EnvVarSchema.optional(),
    /** Local servers (vLLM, Ollama) often need no key. */
    apiKeyOptional: z.boolean().default(false),
    timeoutMs: z.number().int().positive().optional(),
    /** Older OpenAI-compatible servers only understand max_tokens for chat. */
    maxTokensParam: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  })
  .strict()
  .refine((provider) => provider.apiKeyEnv !== undefined || provider.apiKeyOptional, {
    message: 'set apiKeyEnv (like OPENAI_API_KEY), or apiKeyOptional: true for a server that needs no key',
    path: ['apiKeyEnv'],
  });

/**
 * Local models run in-process with transformers.js (@xenova/transformers), read from a models
 * directory laid out like the Hugging Face Hub (<modelsDir>/<repo>/config.json, onnx/...). Each
 * model entry's `model` is the hub repo (e.g. Xenova/gpt2), also its folder under modelsDir.
 */
export const TransformersProviderSchema = z
  .object({
    type: z.literal('transformers'),
    /** Models directory; default SANDBOX_MODELS_DIR (`models/`). Relative paths start at the working directory. */
    modelsDir: z.string().min(1).optional(),
    /** Never download (a missing model fails at once); default SANDBOX_OFFLINE. */
    offline: z.boolean().optional(),
    /** Hub address to download from, e.g. a mirror; default https://huggingface.co/. */
    remoteHost: z.url({ protocol: /^https?$/, error: 'Invalid URL (expected http:// or https://)' }).optional(),
    /** Largest image (width x height) CLIP models accept, against decompression bombs; default 25,000,000. */
    maxImagePixels: z.number().int().positive().optional(),
    /** Largest image file in bytes; default 20 MB (20971520). */
    maxImageBytes: z.number().int().positive().optional(),
  })
  .strict();

export const ProviderEntrySchema = z.discriminatedUnion('type', [OpenAIProviderSchema, TransformersProviderSchema]);

export const ModelEntrySchema = z
  .object({
    /** What tasks and programs refer to. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'use letters, digits and . _ : / -'),
    provider: NameSchema,
    /** The provider's name for the model; defaults to id. */
    model: z.string().min(1).optional(),
    kind: z.enum(['text', 'image-text']).default('text'),
    style: ModelStyleSchema.optional(),
    label: z.string().min(1).optional(),
    description: z.string().optional(),
    encoding: z.enum(ENCODING_NAMES).optional(),
    /** USD per million tokens, for cost reports and budgets. */
    pricing: z.object({ inputPerMillion: z.number().nonnegative(), outputPerMillion: z.number().nonnegative() }).strict().optional(),
    /**
     * Tokens the model reads in all, prompt and completion together (e.g. 1024 for gpt2). `tasks
     * check` proves every task's prompt and output budgets fit in it; for a local model whose
     * files are present, its config.json says the same.
     */
    contextTokens: z.number().int().positive().optional(),
    /**
     * Models of one family share their training recipe and differ only in size or in tuning
     * (distilgpt2 and gpt2; Qwen1.5 0.5B and its chat model). A study's pairs of roles must be
     * one family; `tasks check` proves it with this field.
     */
    family: z.string().min(1).optional(),
    /** Provider-specific settings for this model (e.g. a local model's file name). */
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const FileSchema = z
  .object({
    providers: z.record(NameSchema, ProviderEntrySchema),
    models: z.array(ModelEntrySchema),
  })
  .strict();

type Issue = { path: PropertyKey[]; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks across entries (known provider, unique ids, style for text models). It reads the raw
 * file defensively instead of refining the schema, because zod skips refinements once any field
 * fails, and staff should see every problem in one go.
 */
function crossCheck(data: unknown): Issue[] {
  if (!isRecord(data) || !Array.isArray(data.models)) return [];
  const providers = isRecord(data.providers) ? data.providers : {};
  const providerNames = Object.keys(providers);
  const issues: Issue[] = [];
  const seen = new Map<unknown, number>();
  data.models.forEach((model: unknown, i) => {
    if (!isRecord(model)) return;
    if (typeof model.id === 'string') {
      const first = seen.get(model.id);
      if (first !== undefined) issues.push({ path: ['models', i, 'id'], message: `duplicate id "${model.id}" (also models[${first}])` });
      else seen.set(model.id, i);
    }
    const provider = typeof model.provider === 'string' ? providers[model.provider] : undefined;
    if (typeof model.provider === 'string' && provider === undefined) {
      issues.push({
        path: ['models', i, 'provider'],
        message: `unknown provider "${model.provider}" (configured: ${providerNames.join(', ') || 'none'})`,
      });
    }
    const kind = model.kind ?? 'text';
    if (kind === 'text' && model.style === undefined) {
      issues.push({ path: ['models', i, 'style'], message: 'text models need style: chat or completion' });
    }
    if (kind === 'image-text' && model.style !== undefined) {
      issues.push({ path: ['models', i, 'style'], message: 'style applies to text models only' });
    }
    if (isRecord(provider) && provider.type === 'openai' && kind !== 'text') {
      issues.push({
        path: ['models', i, 'kind'],
        message: `provider "${model.provider}" (type openai) serves text models only`,
      });
    }
  });
  return issues;
}

type OpenAIProviderEntry = z.infer<typeof OpenAIProviderSchema>;
type TransformersProviderEntry = z.infer<typeof TransformersProviderSchema>;

export type OpenAIProviderConfig = OpenAIProviderEntry & { name: string };
export type TransformersProviderConfig = TransformersProviderEntry & { name: string };
export type ProviderConfig = OpenAIProviderConfig | TransformersProviderConfig;

export type ModelConfig = Omit<z.infer<typeof ModelEntrySchema>, 'model' | 'label'> & {
  /** Remote name (defaults to id). */
  model: string;
  /** Display name (defaults to id). */
  label: string;
};

export type ModelsConfig = {
  /** The file the config came from, for messages ("models.yaml"). */
  source: string;
  providers: Record<string, ProviderConfig>;
  models: ModelConfig[];
};

/** "models[1].style" from ["models", 1, "style"]. */
export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function fail(fileLabel: string, problems: string[]): never {
  const message = problems.length === 1 ? problems[0]! : `${fileLabel} has ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`;
  throw new ConfigError(message, { file: fileLabel, problems });
}

/** Parses models.yaml text. Throws ConfigError listing every problem as "<file>: <place>: <message>". */
export function parseModelsConfig(text: string, fileLabel: string): ModelsConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    fail(
      fileLabel,
      doc.errors.map((error) => {
        const at = error.linePos?.[0];
        // The yaml package appends the place and a code frame; keep only the sentence.
        const sentence = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${fileLabel}${at ? `:${at.line}:${at.col}` : ''}: ${sentence}`;
      }),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) fail(fileLabel, [`${fileLabel}: the file is empty; it needs providers: and models:`]);

  const parsed = FileSchema.safeParse(data);
  const issues: Issue[] = [...(parsed.success ? [] : parsed.error.issues), ...crossCheck(data)];
  if (!parsed.success || issues.length > 0) {
    fail(
      fileLabel,
      issues.map((issue) => `${fileLabel}: ${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  const providers: Record<string, ProviderConfig> = {};
  for (const [name, provider] of Object.entries(parsed.data.providers)) providers[name] = { ...provider, name };
  const models = parsed.data.models.map((model) => ({
    ...model,
    model: model.model ?? model.id,
    label: model.label ?? model.id,
  }));
  return { source: fileLabel, providers, models };
}

/** Reads and parses a models.yaml file; messages name it relative to the working directory. */
export function loadModelsConfig(filePath: string): ModelsConfig {
  const relative = path.relative(process.cwd(), filePath);
  const fileLabel = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(
      missing
        ? `${fileLabel}: file not found; create it (see models.yaml at the repository root) or point the sandbox at another models file`
        : `${fileLabel}: cannot read the file: ${errorMessage(error)}`,
      { file: fileLabel },
    );
  }
  return parseModelsConfig(text, fileLabel);
}
