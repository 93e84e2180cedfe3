// Regenerates dev.jsonl and test.jsonl for the arithmetic task, deterministically (fixed seed):
//   npx tsx tasks/arithmetic/generate.ts
// Problems follow the GPT-3 paper's arithmetic suite: 2-digit addition, 3-digit subtraction,
// 2-digit multiplication, phrased "What is A plus B?".
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { between, seededRandom } from '../../server/shared/seeded-random.js';

const SEED = 20_261_128;
const DEV_COUNT = 24;
const TEST_COUNT = 60;

type Problem = { question: string; answer: number; operation: string };

export function generateProblems(count: number, seed: number): Problem[] {
  const random = seededRandom(seed);
  const draw = (low: number, high: number) => between(random, low, high);
  const kinds = [
    () => {
      const a = draw(10, 99),
        b = draw(10, 99);
      return { question: `What is ${a} plus ${b}?`, answer: a + b, operation: '2-digit addition' };
    },
    () => {
      const a = draw(100, 999),
        b = draw(100, 999);
      return { question: `What is ${a} minus ${b}?`, answer: a - b, operation: '3-digit subtraction' };
    },
    () => {
      const a = draw(10, 99),
        b = draw(10, 99);
      return { question: `What is ${a} times ${b}?`, answer: a * b, operation: '2-digit multiplication' };
    },
  ];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  while (problems.length < count) {
    const problem = kinds[problems.length % kinds.length]!();
    if (seen.has(problem.question)) continue;
    seen.add(problem.question);
    problems.push(problem);
  }
  return problems;
}

export async function generate(outDir: string): Promise<void> {
  // One pool, split afterwards, so dev and test can never share a question.
  const all = generateProblems(DEV_COUNT + TEST_COUNT, SEED);
  const rows = (prefix: string, problems: Problem[]) =>
    problems.map((p, index) => ({ id: caseId(prefix, index), question: p.question, answer: p.answer, operation: p.operation }));
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', all.slice(0, DEV_COUNT))));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', all.slice(DEV_COUNT))));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log(`wrote ${DEV_COUNT} dev and ${TEST_COUNT} test problems`);
}
