// Runs an image-text program: zero-shot classification of images, or ranking a gallery of images
// for text queries. Texts (classes x templates) are embedded once per run, not once per image.
import type { ImageTextModel } from '../core/model.js';
import type { ImageTextProgram } from '../core/prompt-program.js';
import type { CaseOutcome } from './case-outcome.js';
import { dot, l2normalize, meanEmbedding, rankBySimilarity, softmax } from './clip-math.js';
import type { ModelCaller } from './model-caller.js';

export type Classifier = { labels: string[]; classEmbeddings: Float32Array[]; textsEncoded: number };

export function classPrompts(program: ImageTextProgram, label: string): string[] {
  const names = program.labels[label] ?? [label];
  return names.flatMap((name) => program.templates.map((template) => template.replaceAll('{label}', name)));
}

async function embedTexts(model: ImageTextModel, caller: ModelCaller, texts: string[]): Promise<Float32Array[]> {
  const result = await caller.call(
    null,
    (_signal, callOptions) => model.embedTexts(texts, callOptions),
    () => ({ promptTokens: 0, completionTokens: 0 }),
  );
  return result.value;
}

export async function prepareClassifier(program: ImageTextProgram, labels: string[], model: ImageTextModel, caller: ModelCaller): Promise<Classifier> {
  const prompts = labels.map((label) => classPrompts(program, label));
  const flat = prompts.flat();
  const embeddings = await embedTexts(model, caller, flat);
  let offset = 0;
  const classEmbeddings = prompts.map((group) => {
    const mean = meanEmbedding(embeddings.slice(offset, offset + group.length));
    offset += group.length;
    return mean;
  });
  return { labels, classEmbeddings, textsEncoded: flat.length };
}

export function classifyEmbedding(image: Float32Array, classifier: Classifier, logitScale: number): Omit<CaseOutcome, 'attempts' | 'cacheHit'> {
  const unit = l2normalize(image);
  const probabilities = softmax(classifier.classEmbeddings.map((embedding) => logitScale * dot(unit, embedding)));
  const order = classifier.labels.map((label, index) => ({ label, p: probabilities[index]! })).sort((a, b) => b.p - a.p);
  return {
    rawOutput: order
      .slice(0, 3)
      .map((entry) => `${entry.label} ${(entry.p * 100).toFixed(1)}%`)
      .join(', '),
    output: order[0]!.label,
    predicted: order[0]!.label,
    ranking: order.map((entry) => entry.label),
    probabilities: Object.fromEntries(order.map((entry) => [entry.label, entry.p])),
  };
}

export async function embedImagePaths(model: ImageTextModel, caller: ModelCaller, paths: string[]): Promise<{ value: Float32Array[]; attempts: number }> {
  const result = await caller.call(
    null,
    (_signal, callOptions) =>
      model.embedImages(
        paths.map((path) => ({ path })),
        callOptions,
      ),
    () => ({ promptTokens: 0, completionTokens: 0 }),
  );
  return { value: result.value, attempts: result.attempts };
}

/** Retrieval: the query is embedded through every template (ensembled) and ranks the gallery. */
export async function rankGallery(
  program: ImageTextProgram,
  queries: string[],
  gallery: { id: string; embedding: Float32Array }[],
  model: ImageTextModel,
  caller: ModelCaller,
): Promise<Omit<CaseOutcome, 'attempts' | 'cacheHit'>[]> {
  const texts = queries.flatMap((query) => program.templates.map((template) => template.replaceAll('{label}', query)));
  const embeddings = await embedTexts(model, caller, texts);
  return queries.map((_, index) => {
    const query = meanEmbedding(embeddings.slice(index * program.templates.length, (index + 1) * program.templates.length));
    const ranked = rankBySimilarity(query, gallery);
    return {
      rawOutput: ranked
        .slice(0, 3)
        .map((entry) => `${entry.id} (${entry.similarity.toFixed(3)})`)
        .join(', '),
      output: ranked[0]?.id ?? '',
      ranking: ranked.map((entry) => entry.id),
    };
  });
}
