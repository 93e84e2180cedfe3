// The fixture tasks copied to a temp folder with the staff programs the analysis pages read: the
// sentiment task's starter program (baseline.json, like the shipped one: no instruction) and its
// reference program. The frozen fixture folder itself stays without them (tasks check tests rely on that).
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { createCatalog } from '../../server/catalog/catalog.js';
import type { Task } from '../../server/core/task.js';
import { fixtureTasksDir } from '../../testkit/sentiment-fixture.js';

export const starterProgram = {
  kind: 'text',
  task: 'sentiment',
  model: 'gpt-4o-mini',
  style: 'chat',
  template: { input: 'Review: {input}', output: '{output}' },
  decoding: { temperature: 0, maxTokens: 16 },
};

export const referenceProgram = {
  ...starterProgram,
  instruction: 'Classify the sentiment of the customer review as positive or negative. Answer with one word.',
  answer: { labels: { positive: ['positive'], negative: ['negative'] } },
};

export function analysisTasksDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-analysis-tasks-'));
  cpSync(fixtureTasksDir, dir, { recursive: true });
  writeFileSync(path.join(dir, 'sentiment', 'baseline.json'), JSON.stringify(starterProgram, null, 2));
  writeFileSync(path.join(dir, 'sentiment', 'reference.json'), JSON.stringify(referenceProgram, null, 2));
  return dir;
}

export function loadAnalysisTask(dir: string, id: string): Task {
  return createCatalog({ tasksDir: dir, getEvaluator, evaluatorNames: evaluatorNames() }).task(id);
}
