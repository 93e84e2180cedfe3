// A grading fixture on the shipped `sentiment` task: the fake OpenAI-compatible server answers
// like a model that knows the labels, except for a few reviews it gets wrong on purpose, so the
// expected metric is known exactly.
import path from 'node:path';
import { evaluatorNames, getEvaluator } from '../evaluators/index.js';
import { createCatalog } from '../server/catalog/catalog.js';
import type { Task } from '../server/core/task.js';
import type { FakeModelRequest } from './fake-openai-server/index.js';
import { parseModelsConfig } from '../server/models/models-config.js';
import { createModelRegistry } from '../server/models/registry.js';
import { providerFactories } from '../server/models/provider-factories.js';

export const repoRoot = path.resolve(import.meta.dirname, '..');

/** Frozen copies of sample tasks: tests compute exact grades from their data, so it must not drift. */
export const fixtureTasksDir = path.join(repoRoot, 'test/fixtures/tasks');

export function loadFixtureTask(id: string): Task {
  return createCatalog({ tasksDir: fixtureTasksDir, getEvaluator, evaluatorNames: evaluatorNames() }).task(id);
}

/** The review a rendered prompt asks about: the text after the last "Review: ". */
export function lastReview(request: FakeModelRequest): string {
  const text = request.prompt ?? request.messages?.at(-1)?.content ?? '';
  const at = text.lastIndexOf('Review: ');
  return at < 0
    ? ''
    : text
        .slice(at + 'Review: '.length)
        .split('\n')[0]!
        .trim();
}

/** Answers with the true label, flipped for the reviews in `wrongOn`. */
export function sentimentOracle(task: Task, wrongOn: Set<string>) {
  const labels = new Map([...task.dev, ...task.test].map((c) => [c.inputs.review!, String(c.expected)]));
  return (request: FakeModelRequest): string => {
    const review = lastReview(request);
    const label = labels.get(review) ?? 'unknown';
    const answer = wrongOn.has(review) ? (label === 'positive' ? 'negative' : 'positive') : label;
    return request.endpoint === 'completions' ? ` ${answer}` : answer;
  };
}

export function modelsYamlFor(baseURL: string): string {
  return `
providers:
  fake: { type: openai, baseURL: ${baseURL}, apiKeyEnv: FAKE_OPENAI_KEY }
models:
  - { id: gpt-4o-mini, provider: fake, kind: text, style: chat, label: GPT-4o mini }
  - { id: davinci-002, provider: fake, kind: text, style: completion, label: davinci-002 }
  - { id: gpt-4.1-mini, provider: fake, kind: text, style: chat, label: GPT-4.1 mini }
  - { id: babbage-002, provider: fake, kind: text, style: completion, label: babbage-002 }
`;
}

export function registryFor(baseURL: string, apiKey: string, timeoutMs = 5_000) {
  const config = parseModelsConfig(modelsYamlFor(baseURL), 'test models.yaml');
  return createModelRegistry({ config, env: { FAKE_OPENAI_KEY: apiKey }, factories: providerFactories({ timeoutMs }) });
}

export const chatProgram = {
  kind: 'text',
  task: 'sentiment',
  model: 'gpt-4o-mini',
  style: 'chat',
  instruction: 'Classify the sentiment of the review as positive or negative.',
  examples: [
    { input: 'Setup took five minutes and it just works.', output: 'positive' },
    { input: 'The soup was cold and the bread was stale.', output: 'negative' },
  ],
  template: { input: 'Review: {input}', output: '{output}' },
  decoding: { temperature: 0, maxTokens: 5 },
  answer: { labels: { positive: ['positive'], negative: ['negative'] } },
} as const;
