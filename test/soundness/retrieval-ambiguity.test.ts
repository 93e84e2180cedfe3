// The retrieval ambiguity scan on the designed tiny CLIP (colour words meet flat images of that
// colour; logits = 10 x cosine) through the real transformers.js loading code. "orange" expecting
// only the red image fits the yellow one as well (a tie: margin 0), and "black" expecting the
// white image ranks it last; clear queries pass. Without the model the step says NOT RUN.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProgram } from '../../server/grading/parse-program.js';
import { checkRetrievalAmbiguity, MIN_MARGIN_LOGITS } from '../../server/soundness/retrieval-ambiguity.js';
import { loadLocalTask } from '../support/local-tasks.js';
import { prepareTinyModels, type TinyModels } from '../support/tiny-models.js';
import { shippedCatalog } from '../tasks/shipped-tasks.js';

const search = loadLocalTask('colour-search');
const reference = parseProgram({
  kind: 'image-text',
  task: 'colour-search',
  model: 'clip-vit-base-patch32',
  templates: ['a photo of a {label} thing.', '{label}'],
});
let tiny: TinyModels;
beforeAll(async () => {
  tiny = await prepareTinyModels();
}, 60_000);

const available = () => ({ available: true as const });

describe('retrieval ambiguity', () => {
  it('names, by id, the queries whose expected image is not first by a clear margin', async () => {
    const result = await checkRetrievalAmbiguity(search, { reference }, { models: tiny.registry(), availability: available });
    expect(result).toEqual({
      name: 'retrieval ambiguity',
      status: 'warn',
      summary: `the reference (clip-vit-base-patch32) ranks each query's expected image first by at least ${MIN_MARGIN_LOGITS} logit on 6 of 7 queries`,
      problems: ['test-black (-10.00): another picture ranks as high or nearly; make each query fit exactly one picture'],
    });
  });

  it('finds a query that fits two pictures equally well (orange: red and yellow)', async () => {
    // The yellow image joins the dev gallery through a case of its own; "orange" now expects only red.
    const yellow = { ...search.dev[0]!, id: 'dev-yellow', inputs: { query: 'yellow' }, expected: 'yellow.png' };
    const dev = [...search.dev.map((c) => (c.id === 'dev-orange' ? { ...c, expected: 'red.png' } : c)), yellow];
    const test = search.test.filter((c) => c.id !== 'test-black');
    const result = await checkRetrievalAmbiguity({ ...search, dev, test }, { reference }, { models: tiny.registry(), availability: available });
    expect(result.status).toBe('warn');
    expect(result.problems).toEqual(['dev-orange (0.00): another picture ranks as high or nearly; make each query fit exactly one picture']);
    const clear = await checkRetrievalAmbiguity({ ...search, test }, { reference }, { models: tiny.registry(), availability: available });
    expect(clear).toMatchObject({ status: 'ok', problems: [] });
  });

  it('is NOT RUN, with the reason, without the model; not applicable to other tasks', async () => {
    const result = await checkRetrievalAmbiguity(
      search,
      { reference },
      { models: tiny.registry(), availability: (id) => ({ available: false, reason: `model ${id} is local and its files are not in models/` }) },
    );
    expect(result).toMatchObject({
      status: 'not-run',
      summary: 'no real model to rank the galleries with (model clip-vit-base-patch32 is local and its files are not in models/)',
    });
    expect((await checkRetrievalAmbiguity(search, {}, { models: tiny.registry(), availability: available })).status).toBe('not-run');
    const emoji = shippedCatalog().task('emoji');
    expect((await checkRetrievalAmbiguity(emoji, { reference }, { models: tiny.registry(), availability: available })).status).toBe('not-applicable');
  });
});
