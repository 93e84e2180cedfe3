// reference.json and baseline.json: present, JSON, valid programs for their task, and no hidden
// test case among the few-shot examples.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../server/core/task.js';
import { loadStaffPrograms } from '../../server/soundness/staff-programs.js';
import { shippedCatalog } from '../tasks/shipped-tasks.js';

const shipped = shippedCatalog().task('nli');
const root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'staff-programs-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let task: Task;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'nli-'));
  task = { ...shipped, dir };
  for (const name of ['reference.json', 'baseline.json']) fs.copyFileSync(path.join(shipped.dir, name), path.join(dir, name));
});

const label = (name: string) => `${path.basename(dir)}/${name}`;
const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
const reference = () => JSON.parse(fs.readFileSync(path.join(shipped.dir, 'reference.json'), 'utf8')) as Record<string, unknown>;

describe('staff programs', () => {
  it('accepts the shipped nli programs and returns them', () => {
    const { programs, step } = loadStaffPrograms(task, root);
    expect(step).toMatchObject({ status: 'ok', problems: [] });
    expect(programs.reference?.kind).toBe('text');
    expect(programs.baseline).toMatchObject({ kind: 'text', model: 'gpt-4o-mini' });
  });

  it('reports missing files', () => {
    fs.rmSync(path.join(dir, 'reference.json'));
    fs.rmSync(path.join(dir, 'baseline.json'));
    const { programs, step } = loadStaffPrograms(task, root);
    expect(step.status).toBe('fail');
    expect(step.problems).toEqual([
      `${label('reference.json')}: file is missing (the staff reference program)`,
      `${label('baseline.json')}: file is missing (the staff baseline program)`,
    ]);
    expect(programs).toEqual({});
  });

  it('reports invalid JSON and invalid programs with the file', () => {
    write('reference.json', '{"kind": "text",');
    write('baseline.json', { kind: 'text', model: 'gpt-4o-mini', decoding: { temperature: 5 } });
    const { step } = loadStaffPrograms(task, root);
    expect(step.problems[0]).toMatch(new RegExp(`^${label('reference.json')}: not valid JSON`));
    expect(step.problems[1]).toMatch(new RegExp(`^${label('baseline.json')}: decoding.temperature: `));
  });

  it('reports a program that does not fit the task', () => {
    write('reference.json', { ...reference(), model: 'clip-vit-base-patch32' });
    write('baseline.json', { ...reference(), task: 'sentiment' });
    const { step } = loadStaffPrograms(task, root);
    expect(step.problems).toContain(
      `${label('reference.json')}: model "clip-vit-base-patch32" is not allowed on this task; choose one of ${shipped.models.join(', ')}`,
    );
    expect(step.problems).toContain(`${label('baseline.json')}: this program was written for task "sentiment", not "nli"`);
  });

  it('reports a few-shot example copied from the hidden test split, without quoting it', () => {
    const hidden = shipped.test[0]!;
    const program = reference();
    program.examples = [
      ...(program.examples as unknown[]),
      { input: { premise: hidden.inputs.premise, hypothesis: ` ${hidden.inputs.hypothesis!.toUpperCase()} ` }, output: 'entailment' },
    ];
    write('reference.json', program);
    const { step } = loadStaffPrograms(task, root);
    expect(step.problems).toEqual([`${label('reference.json')}: example 4 is a hidden test case; few-shot examples must come from the dev split`]);
    expect(step.problems.join('\n')).not.toContain(hidden.inputs.premise!);
  });
});
