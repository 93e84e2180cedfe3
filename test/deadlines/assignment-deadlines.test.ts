// Deadline settings in an assignment file: assignment defaults, per-task overrides, relative
// cutoffs, and file-and-line problems for the mistakes staff make (offset of the wrong season,
// unknown zone, cutoff before due, bad duration).
import { describe, expect, it } from 'vitest';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { createCatalog } from '../../server/catalog/catalog.js';
import { deadlineTasksDir } from '../support/deadline-tasks.js';

const catalogOf = (yaml: string) => {
  const tasks = deadlineTasksDir(yaml);
  return createCatalog({ tasksDir: tasks.dir, getEvaluator, evaluatorNames: evaluatorNames(), displayRoot: tasks.dir });
};
const problems = (yaml: string) =>
  catalogOf(yaml)
    .checks()
    .flatMap((check) => check.problems);

describe('assignment deadlines', () => {
  it('a task inherits the assignment defaults and overrides them; a relative cutoff counts from the due date', () => {
    const catalog = catalogOf(`id: course
title: Course
timeZone: America/Los_Angeles
grace: 30m
late: { kind: per-day, percent: 10, cap: 50 }
cutoff: 3d
counts: best-before-due
tasks:
  - { task: sentiment, due: "2027-04-02T23:59:00-07:00", counts: last, late: { kind: per-hour, percent: 2 } }
`);
    expect(catalog.checks().flatMap((c) => c.problems)).toEqual([]);
    expect(catalog.deadline('sentiment')).toEqual({
      due: '2027-04-02T23:59:00-07:00',
      timeZone: 'America/Los_Angeles',
      graceMs: 30 * 60_000,
      late: { kind: 'per-hour', percent: 2, cap: 100 },
      cutoff: '2027-04-06T06:59:00.000Z',
      counts: 'last',
    });
  });

  it('a task no assignment lists has no deadline', () => {
    const catalog = catalogOf('id: course\ntitle: Course\ntasks:\n  - { task: sentiment }\n');
    expect(catalog.deadline('sentiment')).toMatchObject({ due: null, cutoff: null, late: { kind: 'none' }, counts: 'best' });
  });

  it('says which line holds an offset of the wrong season (daylight saving time)', () => {
    expect(
      problems(`id: course
title: Course
timeZone: America/Los_Angeles
tasks:
  - task: sentiment
    due: "2027-04-02T23:59:00-08:00"
`),
    ).toEqual([
      'assignments/course.yaml line 6 (tasks[0].due): 2027-04-02T23:59:00-08:00 has offset -08:00 but America/Los_Angeles is at -07:00 on that date (daylight saving time?); write -07:00',
    ]);
  });

  it('reports an unknown zone, a cutoff before the due date and a bad duration with their lines', () => {
    expect(problems('id: course\ntitle: Course\ntimeZone: Mars/Olympus\ntasks:\n  - { task: sentiment, due: "2027-04-02T23:59:00Z" }\n')).toEqual([
      'assignments/course.yaml line 3 (timeZone): "Mars/Olympus" is not a time zone; use an IANA name like America/Los_Angeles or Asia/Shanghai',
    ]);
    expect(problems('id: course\ntitle: Course\ntasks:\n  - task: sentiment\n    due: "2027-04-02T23:59:00Z"\n    cutoff: "2027-04-01T23:59:00Z"\n')).toEqual([
      'assignments/course.yaml line 6 (tasks[0].cutoff): the cutoff 2027-04-01T23:59:00Z is before the due date plus the grace period',
    ]);
    const bad = problems('id: course\ntitle: Course\ngrace: a while\ntasks:\n  - { task: sentiment, due: "2027-04-02T23:59:00Z" }\n');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^assignments\/course\.yaml line 3 \(grace\): must be a duration like "15m", "2h" or "3d"/);
    expect(problems('id: course\ntitle: Course\ntasks:\n  - { task: sentiment, due: "2027-04-02 23:59" }\n')[0]).toMatch(
      /line 4 .*tasks\[0\]\.due.*ISO 8601 date and time with its offset/,
    );
    expect(problems('id: course\ntitle: Course\ntasks:\n  - { task: sentiment, due: "2027-04-02T23:59:00Z", cutoff: tomorrow }\n')).toEqual([
      'assignments/course.yaml line 4 (tasks[0].cutoff): must be an ISO 8601 date and time with its offset, like "2027-01-29T23:59:00-08:00", or a duration after the due date, like "7d"',
    ]);
  });
});
