// Few-shot example selection from the task's dev pool, the strategies evaluation harnesses use:
// first-n, seeded random, and label-balanced round robin (HELM). Pure, so it is unit-tested.
import type { FewShotExample } from '../../../server/core/prompt-program.js';
import { seededShuffle } from '../../../server/shared/seeded-random.js';

export type PoolCase = { id: string; inputs: Record<string, string>; expected: unknown };
export type SelectionStrategy = 'first-n' | 'random' | 'balanced';

export function selectFirstN<T>(pool: readonly T[], n: number): T[] {
  return pool.slice(0, Math.max(0, n));
}

export function selectSeededRandom<T>(pool: readonly T[], n: number, seed: number): T[] {
  return seededShuffle(pool, seed).slice(0, Math.max(0, n));
}

/**
 * Round robin over labels, most frequent label first (ties: first seen), so n examples cover as
 * many labels as possible and stay as balanced as the pool allows. Within a label the pool order
 * (or a seeded shuffle of it) decides which cases come first.
 */
export function selectLabelBalanced<T>(pool: readonly T[], n: number, labelOf: (item: T) => string, seed?: number): T[] {
  const ordered = seed === undefined ? [...pool] : seededShuffle(pool, seed);
  const groups = new Map<string, T[]>();
  for (const item of ordered) {
    const label = labelOf(item);
    const group = groups.get(label);
    if (group) group.push(item);
    else groups.set(label, [item]);
  }
  const labels = [...groups.keys()].sort((a, b) => groups.get(b)!.length - groups.get(a)!.length);
  const picked: T[] = [];
  for (let round = 0; picked.length < n; round++) {
    let any = false;
    for (const label of labels) {
      const item = groups.get(label)![round];
      if (item === undefined) continue;
      any = true;
      picked.push(item);
      if (picked.length >= n) break;
    }
    if (!any) break;
  }
  return picked;
}

export function labelOfCase(item: PoolCase): string {
  return typeof item.expected === 'string' ? item.expected : JSON.stringify(item.expected);
}

export function selectCases(pool: readonly PoolCase[], strategy: SelectionStrategy, n: number, seed: number): PoolCase[] {
  if (strategy === 'first-n') return selectFirstN(pool, n);
  if (strategy === 'random') return selectSeededRandom(pool, n, seed);
  return selectLabelBalanced(pool, n, labelOfCase, seed);
}

/** A dev case as a few-shot example: one input field as a string, several as a record. */
export function caseToExample(item: PoolCase, inputFields: readonly string[]): FewShotExample {
  const output = typeof item.expected === 'string' ? item.expected : JSON.stringify(item.expected);
  if (inputFields.length === 1) return { input: item.inputs[inputFields[0]!] ?? '', output };
  return { input: Object.fromEntries(inputFields.map((field) => [field, item.inputs[field] ?? ''])), output };
}
