// Prompt similarity on fixtures with a known answer: copied (case, spacing and punctuation changed)
// and reordered pairs are found; paraphrased, independent and starter-only pairs are not (the
// starter program, the README's examples and the dev cases are everyone's common ground).
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateJaccard, minhashSignature } from '../../server/analysis/minhash.js';
import { programSections } from '../../server/analysis/program-sections.js';
import { findSimilarPairs, type ComparedProgram } from '../../server/analysis/similar-pairs.js';
import { highlight, jaccard, ownShingles, shingleSet } from '../../server/analysis/shingles.js';
import { readmeExamples, starterTexts } from '../../server/analysis/starter-material.js';
import { analysisTasksDir, loadAnalysisTask, starterProgram } from '../support/analysis-tasks.js';

const text = (instruction: string, examples: [string, string][]) => ({
  ...starterProgram,
  instruction,
  examples: examples.map(([input, output]) => ({ input, output })),
});

const COPIED = text(
  'You are a meticulous analyst of customer feedback. Read each review carefully and decide whether the writer was happy or unhappy overall; answer with exactly one lowercase word.',
  [
    ['The hotel lift was broken all week and nobody cared.', 'negative'],
    ['Our guide knew every corner of the old town.', 'positive'],
    ['Shipping took a month and the box arrived crushed.', 'negative'],
  ],
);
const ORDERED = text('Decide if the customer below sounds satisfied or disappointed, then reply with the label alone and nothing else.', [
  ['Fresh bread every morning and the owner remembers your name.', 'positive'],
  ['The charger melted on the second night.', 'negative'],
  ['Subtitles were out of sync for the entire film.', 'negative'],
  ['Quiet room, soft bed, superb shower pressure.', 'positive'],
]);

const programs: Record<string, unknown> = {
  copiedA: COPIED,
  // Same words: upper case, doubled spaces, other punctuation.
  copiedB: text(
    'YOU ARE a meticulous analyst of customer feedback!  Read each review carefully, and decide whether the writer was happy -- or unhappy -- overall: answer with exactly one lowercase word',
    [
      ['the hotel lift was broken ALL week, and nobody cared', 'Negative'],
      ['Our guide knew every corner of the old town!', 'positive'],
      ['Shipping took a month, AND the box arrived crushed.', 'negative'],
    ],
  ),
  orderedA: ORDERED,
  orderedB: { ...ORDERED, examples: [...ORDERED.examples].reverse() },
  paraphrased: text(
    'Act as a careful reader of client comments. Go through every review attentively and judge if its author was pleased or displeased in general; reply using a single lower-case word.',
    [
      ['Nobody fixed the broken elevator in the hotel for seven days.', 'negative'],
      ['The tour leader was familiar with each street of the historic centre.', 'positive'],
      ['Delivery needed four weeks and the package came smashed.', 'negative'],
    ],
  ),
  independentA: text('Is this review glowing or scathing? Output the sentiment label.', [['The concert sound was muddy and far too loud.', 'negative']]),
  independentB: text('Think about the emotion of the author step by step, then give your final verdict as a label.', [
    ['My new kettle boils in under a minute, love it.', 'positive'],
  ]),
  // Starter-only: the README's zero-shot instruction and examples straight from the dev pool.
  starterA: text('Classify the sentiment of the review as positive or negative.', [
    ['The battery lasts two full days and the screen is gorgeous.', 'positive'],
    ['It stopped charging after a week. Waste of money.', 'negative'],
  ]),
  starterB: text('classify the sentiment of the review as POSITIVE or negative', [['Best pizza I have had in years, and the staff were lovely.', 'positive']]),
};

let starter: Set<string>;
let compared: ComparedProgram[];
beforeAll(() => {
  const task = loadAnalysisTask(analysisTasksDir(), 'sentiment');
  starter = shingleSet(starterTexts(task), 3);
  compared = Object.entries(programs).map(([key, program]) => ({ key, texts: programSections(program).map((section) => section.text) }));
});
const own = (key: string) => ownShingles(compared.find((p) => p.key === key)!.texts, starter, 3);
const similarity = (a: string, b: string) => jaccard(own(a), own(b));

describe('normalised shingles', () => {
  it('copied with other case, spacing and punctuation: identical own shingles (Jaccard 1)', () => {
    expect(similarity('copiedA', 'copiedB')).toBe(1);
  });

  it('examples in another order: identical (each example is shingled on its own)', () => {
    expect(similarity('orderedA', 'orderedB')).toBe(1);
  });

  it('starter-only programs have nothing of their own: the README phrase and dev examples are removed', () => {
    expect(own('starterA').size).toBe(0);
    expect(own('starterB').size).toBe(0);
  });

  it('paraphrased and independent programs share little', () => {
    expect(similarity('copiedA', 'paraphrased')).toBeLessThan(0.1);
    expect(similarity('independentA', 'independentB')).toBe(0);
  });

  it('Chinese: each character is a word; full-width letters and punctuation fold (NFKC)', () => {
    const a = shingleSet(['请判断这条评论的情感，只回答ＰＯＳＩＴＩＶＥ或负面。'], 3);
    const b = shingleSet(['请判断这条评论的情感 只回答 positive 或负面'], 3);
    expect(jaccard(a, b)).toBe(1);
    expect([...a][0]).toBe('请 判 断');
  });

  it('README examples: fenced blocks, inline code and quoted phrases', () => {
    expect(readmeExamples('Try ("Say hi to {name}.") or `a {b}`.\n```\nBlock text\n```\nA “curly quote” here.')).toEqual([
      'Block text\n',
      'a {b}',
      'Say hi to {name}.',
      'curly quote',
    ]);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard: equal sets agree everywhere; sets sharing a third of their union agree near a third', () => {
    const words = Array.from({ length: 300 }, (_, index) => `w${index}`);
    const a = words.slice(0, 200);
    const b = words.slice(100, 300);
    expect(estimateJaccard(minhashSignature(a), minhashSignature([...a].reverse()))).toBe(1);
    const estimate = estimateJaccard(minhashSignature(a), minhashSignature(b));
    expect(Math.abs(estimate - 1 / 3)).toBeLessThan(0.15);
    // Same input, same signature, on any run: results do not depend on where they are computed.
    expect([...minhashSignature(['x y z'])]).toEqual([...minhashSignature(['x y z'])]);
  });
});

describe('pairs', () => {
  it('at threshold 0.5: the copied and the reordered pairs only, most alike first, with progress reported', async () => {
    const progress: number[] = [];
    const pairs = await findSimilarPairs({ programs: compared, starter, threshold: 0.5, shingle: 3, onProgress: (done) => progress.push(done) });
    expect(pairs.map((pair) => `${pair.a}+${pair.b}`)).toEqual(['copiedA+copiedB', 'orderedA+orderedB']);
    expect(pairs[0]).toMatchObject({ jaccard: 1, estimate: 1 });
    expect(progress).toEqual(Array.from({ length: compared.length * 2 }, (_, index) => index + 1));
  });

  it('the threshold is configurable: at 0.05 the paraphrase is still not found, nor any starter-only program', async () => {
    const pairs = await findSimilarPairs({ programs: compared, starter, threshold: 0.05, shingle: 3 });
    const keys = pairs.flatMap((pair) => [pair.a, pair.b]);
    expect(keys).not.toContain('starterA');
    expect(keys).not.toContain('starterB');
    expect(pairs.some((pair) => [pair.a, pair.b].sort().join('+') === 'copiedA+paraphrased')).toBe(false);
  });
});

describe('highlight', () => {
  it('marks the shared words (and the gaps between them); starter text and own words stay plain', () => {
    const shared = new Set([...own('copiedA')].filter((shingle) => own('paraphrased').has(shingle) || own('copiedB').has(shingle)));
    const runs = highlight('Intro words here. You are a meticulous analyst of customer feedback!', shared, 3);
    expect(runs).toEqual([
      { text: 'Intro words here. ', shared: false },
      { text: 'You are a meticulous analyst of customer feedback', shared: true },
      { text: '!', shared: false },
    ]);
    expect(highlight('Classify the sentiment of the review', shared, 3)).toEqual([{ text: 'Classify the sentiment of the review', shared: false }]);
  });
});
