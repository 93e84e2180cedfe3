// Every language version of a task's description states the baseline and target of task.yaml, and
// the same metric-like numbers as the English one.
import { describe, expect, it } from 'vitest';
import { checkDescriptionNumbers, metricNumbers } from '../../server/soundness/description-numbers.js';
import { earlyAssignmentTaskIds, shippedCatalog } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();

describe('metricNumbers', () => {
  it('reads decimals and percentages as one scale', () => {
    expect([...metricNumbers('0 points at 0.50, full points (10) at 90% or above; 0.037 and 80 %, 55％')]).toEqual([0.5, 0.9, 0.037, 0.8, 0.55]);
  });

  it('ignores digits inside names and versions', () => {
    expect([...metricNumbers('gpt-4.1-mini, qwen1.5-0.5b, Qwen1.5-0.5B-Chat, v2.17.2, recall@5, ViT-B/32')]).toEqual([]);
  });

  it('reads a number at the end of a sentence, in Chinese text too', () => {
    expect([...metricNumbers('full points at 0.90. 达到0.85及以上得满分。')]).toEqual([0.9, 0.85]);
  });
});

describe('description numbers', () => {
  it('pass for every shipped task, in every language it is written in', () => {
    for (const id of earlyAssignmentTaskIds()) {
      const result = checkDescriptionNumbers(catalog.task(id));
      expect(result, id).toMatchObject({ status: 'ok' });
      expect(result.summary, id).toMatch(/\(in en, zh-CN\)$/);
    }
  });

  it('fails a Chinese README that states another target, naming the file and both numbers', () => {
    const task = catalog.task('sentiment');
    const readme = { ...task.readme, 'zh-CN': task.readme['zh-CN']!.replace('达到 0.90 及以上', '达到 0.85 及以上') };
    const result = checkDescriptionNumbers({ ...task, readme });
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([
      'README.zh-CN.md does not state the target 0.9 of task.yaml (points.target); say it as a number (0.9 or 90%)',
      'README.zh-CN.md states 0.85, which README.md does not; every language version must give the same numbers',
      'README.zh-CN.md does not state 0.9, which README.md does; every language version must give the same numbers',
    ]);
  });

  it('fails a translation that keeps the target but changes another threshold', () => {
    const task = catalog.task('extraction');
    const readme = { ...task.readme, 'zh-CN': `${task.readme['zh-CN']}\n（格式正确再得 0.3。）` };
    expect(checkDescriptionNumbers({ ...task, readme }).problems).toEqual([
      'README.zh-CN.md states 0.3, which README.md does not; every language version must give the same numbers',
    ]);
  });

  it('fails an English README that no longer matches task.yaml (a target changed in one place only)', () => {
    const task = catalog.task('translation');
    const result = checkDescriptionNumbers({ ...task, points: { ...task.points, target: 0.6 } });
    expect(result.problems).toEqual([
      'README.md does not state the target 0.6 of task.yaml (points.target); say it as a number (0.6 or 60%)',
      'README.zh-CN.md does not state the target 0.6 of task.yaml (points.target); say it as a number (0.6 or 60%)',
    ]);
  });
});
