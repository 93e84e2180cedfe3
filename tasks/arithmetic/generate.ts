// Regenerates dev.jsonl and test.jsonl for the arithmetic task, deterministically (fixed seed):
//   npx tsx tasks/arithmetic/generate.ts
// Problems follow the GPT-3 paper's arithmetic suite: 2-digit addition, 3-digit subtraction,
// 2-digit multiplication, phrased "What is A plus B?".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a tiny seeded PRNG, so the data is identical on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Problem = { question: string; answer: number; operation: string };

export function generateProblems(count: number, seed: number): Problem[] {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const kinds = [
    () => { const a = between(10, 99), b = between(10, 99); return { question: `What is ${a} plus ${b}?`, answer: a + b, operation: '2-digit addition' }; },
    () => { const a = between(100, 999), b = between(100, 999); return { question: `What is ${a} minus ${b}?`, answer: a - b, operation: '3-digit subtraction' }; },
    () => { const a = between(10, 99), b = between(10, 99); return { question: `What is ${a} times ${b}?`, answer: a * b, operation: '2-digit multiplication' }; },
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

function writeSplit(file: string, prefix: string, problems: Problem[]): void {
  const lines = problems.map((p, index) => JSON.stringify({ id: `${prefix}-${String(index + 1).padStart(3, '0')}`, question: p.question, answer: p.answer, operation: p.operation }));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  // One pool, split afterwards, so dev and test can never share a question.
  const all = generateProblems(84, 20_261_128);
  writeSplit(path.join(dir, 'dev.jsonl'), 'dev', all.slice(0, 24));
  writeSplit(path.join(dir, 'test.jsonl'), 'test', all.slice(24));
  console.log('wrote 24 dev and 60 test problems');
}
