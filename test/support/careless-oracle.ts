// A fake model for grading-desk tests: answers like sentimentOracle, but a program whose
// instruction says "Careless" gets the given reviews wrong, so two students can score differently
// on the same task with the same fake server.
import type { Task } from '../../server/core/task.js';
import type { FakeModelRequest } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, sentimentOracle } from '../../testkit/sentiment-fixture.js';

export const carelessProgram = { ...chatProgram, instruction: 'Careless: classify the sentiment of the review as positive or negative.' };

export function carelessOracle(task: Task, carelessWrongOn: Set<string>) {
  const careful = sentimentOracle(task, new Set());
  const careless = sentimentOracle(task, carelessWrongOn);
  return (request: FakeModelRequest): string => {
    const text = request.prompt ?? request.messages?.map((m) => m.content).join('\n') ?? '';
    return text.includes('Careless') ? careless(request) : careful(request);
  };
}
