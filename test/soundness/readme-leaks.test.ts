// The student description must not quote a hidden test case.
import { describe, expect, it } from 'vitest';
import { checkReadmeLeaks } from '../../server/soundness/readme-leaks.js';
import { earlyAssignmentTaskIds, shippedCatalog } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();

describe('description leaks', () => {
  it('finds none in the shipped tasks', () => {
    for (const id of earlyAssignmentTaskIds()) expect(checkReadmeLeaks(catalog.task(id)), id).toMatchObject({ status: 'ok' });
  });

  it('names (by id only) the hidden cases a README quotes, whatever the case', () => {
    const task = catalog.task('text-to-image-retrieval');
    const [first, second] = task.test;
    const readme = `${task.readme.en}\nFor example \`${first!.inputs.query!.toUpperCase()}\`, or the picture ${String(second!.expected)}.`;
    const result = checkReadmeLeaks({ ...task, readme: { ...task.readme, en: readme } });
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([`README.md or description quotes hidden test case(s) ${first!.id}, ${second!.id}; use dev cases as examples`]);
    expect(result.problems.join('')).not.toContain(first!.inputs.query!);
  });

  it('lets dev cases be quoted', () => {
    const task = catalog.task('sentiment');
    expect(checkReadmeLeaks({ ...task, readme: { ...task.readme, en: `${task.readme.en}\n${task.dev[0]!.inputs.review}` } }).status).toBe('ok');
  });
});

describe('description leaks in another language', () => {
  it('finds a hidden case quoted in README.zh-CN.md, by id only, naming the file', () => {
    const task = catalog.task('sentiment');
    const hidden = task.test[3]!;
    const readme = { ...task.readme, 'zh-CN': `${task.readme['zh-CN']}\n例如：「${hidden.inputs.review}」` };
    const result = checkReadmeLeaks({ ...task, readme });
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([`README.zh-CN.md or description (zh-CN) quotes hidden test case(s) ${hidden.id}; use dev cases as examples`]);
    expect(result.problems.join('')).not.toContain(hidden.inputs.review!);
  });

  it('reads every language version of the shipped tasks', () => {
    expect(checkReadmeLeaks(catalog.task('sentiment')).summary).toBe('the student description quotes no hidden test case (read in en, zh-CN)');
  });
});
