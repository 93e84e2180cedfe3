// Every language version of a task's description must state the grading numbers of task.yaml:
// a Chinese README that promises full points at 0.85 while the task says 0.90 misleads exactly the
// students who read it. Each version must state points.baseline and points.target, and all
// versions must state the same metric-like numbers (decimals and percentages), so a translation
// that kept the target but changed a threshold elsewhere is caught too.
import { descriptionVersions } from '../catalog/task-descriptions.js';
import type { Task } from '../core/task.js';
import { step, type SoundnessStep } from './report.js';

/**
 * `0.90`, `0.037`, `80%`, `60 %`, `50％`; not the digits inside names such as `gpt-4.1-mini` or
 * `qwen1.5-0.5b`, nor a version like `2.17` followed by more of a name.
 */
const METRIC_NUMBER = /(?<![\w.\-/])(\d+\.\d+|\d+(?:\.\d+)?\s*[%％])(?![\w\-/]|\.\d)/g;

/** The numbers as fractions in thousandths (0.9, 0.90 and 90% are one number). */
export function metricNumbers(text: string): Set<number> {
  const found = new Set<number>();
  for (const match of text.matchAll(METRIC_NUMBER)) {
    const raw = match[1]!;
    const percent = /[%％]$/.test(raw);
    const value = Number.parseFloat(raw.replace(/[%％\s]/g, ''));
    found.add(Math.round((percent ? value / 100 : value) * 100_000) / 100_000);
  }
  return found;
}

const show = (value: number) => String(value);

export function checkDescriptionNumbers(task: Task): SoundnessStep {
  const versions = descriptionVersions(task).map((version) => ({ ...version, numbers: metricNumbers(version.text) }));
  const problems: string[] = [];
  for (const version of versions) {
    for (const [key, value] of [
      ['baseline', task.points.baseline],
      ['target', task.points.target],
    ] as const) {
      if (!version.numbers.has(Math.round(value * 100_000) / 100_000)) {
        problems.push(
          `${version.file} does not state the ${key} ${show(value)} of task.yaml (points.${key}); say it as a number (${show(value)} or ${show(Math.round(value * 100_000) / 1000)}%)`,
        );
      }
    }
  }
  const [source, ...others] = versions;
  for (const version of source ? others : []) {
    const extra = [...version.numbers].filter((n) => !source!.numbers.has(n));
    const missing = [...source!.numbers].filter((n) => !version.numbers.has(n));
    if (extra.length)
      problems.push(`${version.file} states ${extra.map(show).join(', ')}, which ${source!.file} does not; every language version must give the same numbers`);
    if (missing.length)
      problems.push(
        `${version.file} does not state ${missing.map(show).join(', ')}, which ${source!.file} does; every language version must give the same numbers`,
      );
  }
  if (problems.length)
    return step('description numbers', 'fail', 'every language version of the description must state the same baseline and target', problems);
  const languages = versions.map((version) => version.locale).join(', ');
  return step(
    'description numbers',
    'ok',
    `the description states the baseline ${show(task.points.baseline)} and the target ${show(task.points.target)} (in ${languages})`,
  );
}
