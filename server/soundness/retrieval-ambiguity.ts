// Ambiguity scan for retrieval tasks, with a real CLIP: a query is unambiguous when the staff
// reference ranks its expected image(s) above every other image of its split's gallery by a clear
// margin. A query that fits two pictures ("a delivery truck" with a lorry in the gallery) grades
// a right answer as wrong half the time. The margin is in CLIP's own logits (scale x cosine): at
// least MIN_MARGIN_LOGITS means the expected image is at least e times as likely as the runner-up.
// Without the reference's model at hand the step reports NOT RUN and why.
import type { ImageTextModel, ModelRegistry } from '../core/model.js';
import type { Task, TaskCase } from '../core/task.js';
import { dot, l2normalize, meanEmbedding } from '../grading/clip-math.js';
import type { ModelAvailability } from './model-availability.js';
import { step, type SoundnessStep } from './report.js';
import type { StaffPrograms } from './staff-programs.js';

const NAME = 'retrieval ambiguity';
export const MIN_MARGIN_LOGITS = 1;
const BATCH = 16;
const SHOWN = 10;

export type AmbiguityDeps = { models: ModelRegistry; availability: ModelAvailability };

function expectedImages(testCase: TaskCase): string[] {
  return (Array.isArray(testCase.expected) ? testCase.expected : [testCase.expected]).map(String);
}

async function embedImages(model: ImageTextModel, paths: string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < paths.length; start += BATCH) out.push(...(await model.embedImages(paths.slice(start, start + BATCH).map((path) => ({ path })))));
  return out;
}

/** Each case's margin: its worst expected image's logit minus the best other image's. */
async function margins(task: Task, cases: TaskCase[], templates: string[], model: ImageTextModel): Promise<{ id: string; margin: number }[]> {
  if (!cases.length) return [];
  const galleryIds = [...new Set(cases.flatMap(expectedImages))].sort();
  const images = (
    await embedImages(
      model,
      galleryIds.map((id) => `${task.casesDir}/images/${id}`),
    )
  ).map(l2normalize);
  const queries = cases.map((testCase) => Object.values(testCase.inputs)[0] ?? '');
  const texts = await model.embedTexts(queries.flatMap((query) => templates.map((template) => template.replaceAll('{label}', query))));
  return cases.map((testCase, index) => {
    const query = meanEmbedding(texts.slice(index * templates.length, (index + 1) * templates.length));
    const expected = new Set(expectedImages(testCase));
    const scores = galleryIds.map((id, at) => ({ id, logit: model.logitScale * dot(query, images[at]!) }));
    const worstExpected = Math.min(...scores.filter((s) => expected.has(s.id)).map((s) => s.logit));
    const others = scores.filter((s) => !expected.has(s.id));
    // A gallery of only expected images has no runner-up: nothing to confuse.
    return { id: testCase.id, margin: others.length ? worstExpected - Math.max(...others.map((s) => s.logit)) : Number.POSITIVE_INFINITY };
  });
}

export async function checkRetrievalAmbiguity(task: Task, programs: StaffPrograms, deps: AmbiguityDeps): Promise<SoundnessStep> {
  if (task.modality !== 'image-text' || task.mode !== 'retrieve') return step(NAME, 'not-applicable', 'not a retrieval task');
  const reference = programs.reference;
  if (reference?.kind !== 'image-text') return step(NAME, 'not-run', 'the staff reference is not valid (see above)');
  const availability = deps.availability(reference.model);
  if (!availability.available) return step(NAME, 'not-run', `no real model to rank the galleries with (${availability.reason})`);
  const model = deps.models.get(reference.model);
  if (model.kind !== 'image-text') return step(NAME, 'fail', `the reference's model ${reference.model} is not an image-text model`, []);
  await model.ready?.();
  const found = [...(await margins(task, task.dev, reference.templates, model)), ...(await margins(task, task.test, reference.templates, model))];
  const unclear = found.filter((entry) => entry.margin < MIN_MARGIN_LOGITS).sort((a, b) => a.margin - b.margin);
  const summary = `the reference (${reference.model}) ranks each query's expected image first by at least ${MIN_MARGIN_LOGITS} logit on ${found.length - unclear.length} of ${found.length} queries`;
  if (!unclear.length) return step(NAME, 'ok', summary);
  // Case ids only: this report may be pasted where students read it.
  return step(NAME, 'warn', summary, [
    `${unclear
      .slice(0, SHOWN)
      .map((entry) => `${entry.id} (${entry.margin.toFixed(2)})`)
      .join(
        ', ',
      )}${unclear.length > SHOWN ? `, and ${unclear.length - SHOWN} more` : ''}: another picture ranks as high or nearly; make each query fit exactly one picture`,
  ]);
}
