// The image-text playground: classify one image (a dev case's, or an upload) with a program's
// class prompts, or rank the task's dev gallery for a typed query. Only dev images are ever read.
import path from 'node:path';
import type { ClassifyResponse, RetrieveResponse } from '../core/api.js';
import { NotFound, SandboxError } from '../core/errors.js';
import type { ImageInput, ImageTextModel } from '../core/model.js';
import type { ImageTextProgram } from '../core/prompt-program.js';
import type { Task } from '../core/task.js';
import { meanEmbedding, rankBySimilarity } from '../grading/clip-math.js';
import { classifyEmbedding, prepareClassifier } from '../grading/execute-image-text.js';
import type { ModelCaller } from '../grading/model-caller.js';
import { say } from '../shared/messages/say.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The image files a student may see: dev case images (classify) and the dev gallery (retrieve). */
export function devImages(task: Task): Map<string, string> {
  const images = new Map<string, string>();
  for (const testCase of task.dev) {
    // Keyed like publicTask's image URLs: the case's image field as written in dev.jsonl.
    const name = Object.values(testCase.inputs)[0];
    if (testCase.imagePath && name !== undefined) images.set(name, testCase.imagePath);
    if (task.modality === 'image-text' && task.mode === 'retrieve') {
      const ids = Array.isArray(testCase.expected) ? testCase.expected.map(String) : [String(testCase.expected)];
      for (const id of ids) images.set(id, path.join(task.casesDir, 'images', id));
    }
  }
  return images;
}

export function imageUrl(taskId: string, name: string): string {
  return `/api/tasks/${taskId}/images/${encodeURIComponent(name)}`;
}

/** Magic numbers of the formats the image loader reads; anything else is refused before decoding. */
function looksLikeImage(bytes: Uint8Array): boolean {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  return (
    starts(0x89, 0x50, 0x4e, 0x47) || // PNG
    starts(0xff, 0xd8, 0xff) || // JPEG
    starts(0x47, 0x49, 0x46, 0x38) || // GIF
    (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) // WEBP
  );
}

export function imageFromBody(task: Task, image: { caseId: string } | { base64: string; name?: string | undefined }): ImageInput {
  if ('caseId' in image) {
    const found = task.dev.find((c) => c.id === image.caseId);
    if (!found?.imagePath) {
      const name = image.caseId.slice(0, 80);
      throw new NotFound('case', `task ${task.id} has no dev image case "${name}"`, say('not_found.dev_image', { task: task.id }));
    }
    return { path: found.imagePath };
  }
  const base64 = image.base64.replace(/^data:[^,]*,/, '');
  // invalid_image (like a file that does not decode): the browser tells the student the image is
  // the problem, not their program.
  if (!/^[A-Za-z0-9+/=\s]*$/.test(base64)) throw new SandboxError('invalid_image', 'image.base64 is not base64', undefined, [say('image.not_base64')]);
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  if (bytes.length === 0) throw new SandboxError('invalid_image', 'the image file is empty', undefined, [say('image.empty')]);
  if (bytes.length > MAX_IMAGE_BYTES) {
    const megabytes = Math.round((bytes.length / 1048576) * 10) / 10;
    throw new SandboxError('invalid_image', `the image is ${megabytes.toFixed(1)} MB; at most 5 MB`, undefined, [
      say('image.upload_too_big', { megabytes, max: MAX_IMAGE_BYTES / 1048576 }),
    ]);
  }
  if (!looksLikeImage(bytes))
    throw new SandboxError('invalid_image', 'the image must be a PNG, JPEG, GIF or WebP file', undefined, [say('image.must_be_image')]);
  return { bytes, ...(image.name ? { name: image.name } : {}) };
}

export async function classifyImage(
  task: Task,
  program: ImageTextProgram,
  model: ImageTextModel,
  image: ImageInput,
  caller: ModelCaller,
): Promise<ClassifyResponse> {
  if (task.mode !== 'classify') {
    throw new SandboxError('bad_request', `task ${task.id} is a retrieval task: use /api/image-text/retrieve`, undefined, [
      say('image_text.retrieval_task', { task: task.id }),
    ]);
  }
  const labels = task.fields.labels ?? Object.keys(program.labels);
  if (labels.length === 0) throw new SandboxError('bad_request', 'the program has no labels to classify into', undefined, [say('image_text.no_labels')]);
  const classifier = await prepareClassifier(program, labels, model, caller);
  const embedded = await caller.call(
    null,
    (_signal, callOptions) => model.embedImages([image], callOptions),
    () => ({ promptTokens: 0, completionTokens: 0 }),
  );
  const outcome = classifyEmbedding(embedded.value[0]!, classifier, model.logitScale);
  return { ranking: outcome.ranking ?? [], probabilities: outcome.probabilities ?? {} };
}

export async function retrieveImages(
  task: Task,
  program: ImageTextProgram,
  model: ImageTextModel,
  query: string,
  caller: ModelCaller,
): Promise<RetrieveResponse> {
  // Any image-text task can be searched: the gallery is its dev images (never a hidden one).
  const gallery = [...devImages(task).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  if (gallery.length === 0) return { results: [] };
  const images = await caller.call(
    null,
    (_signal, callOptions) =>
      model.embedImages(
        gallery.map(([, file]) => ({ path: file })),
        callOptions,
      ),
    () => ({ promptTokens: 0, completionTokens: 0 }),
  );
  const texts = program.templates.map((template) => template.replaceAll('{label}', query));
  const embedded = await caller.call(
    null,
    (_signal, callOptions) => model.embedTexts(texts, callOptions),
    () => ({ promptTokens: 0, completionTokens: 0 }),
  );
  const ranked = rankBySimilarity(
    meanEmbedding(embedded.value),
    gallery.map(([id], index) => ({ id, embedding: images.value[index]! })),
  );
  return { results: ranked.map((entry) => ({ id: entry.id, image: imageUrl(task.id, entry.id), similarity: entry.similarity })) };
}
