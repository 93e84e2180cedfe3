// A scripted judge and student model for the shipped `review-summary` task, for tests that run it
// through grading or `tasks check` against the fake OpenAI-compatible server. The judge agrees with
// the staff exactly: a case's staff summary gets 5 on every criterion, an echoed review loses the
// length and half the main point, each judge example gets a verdict worth its staff score, and any
// other output (the adversarial set, nonsense) gets the lowest score. The "student" model answers
// the staff summary when told to summarise (the reference program) and echoes the review otherwise
// (the baseline).
import fs from 'node:fs';
import path from 'node:path';
import type { FakeModelRequest, JudgeScript, JudgeVerdictReply } from './fake-openai-server/index.js';
import { repoRoot } from './sentiment-fixture.js';

export const REVIEW_SUMMARY_DIR = path.join(repoRoot, 'tasks/review-summary');

type Line = { id: string; review: string; summary: string; output?: string; score?: number };

function readLines(file: string): Line[] {
  return fs
    .readFileSync(path.join(REVIEW_SUMMARY_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Line);
}

/** Criterion scores (faithfulness, main-point x2, length on 1..5) whose weighted mean is `score`. */
export function verdictWorth(score: number): JudgeVerdictReply {
  for (let f = 1; f <= 5; f++)
    for (let m = 1; m <= 5; m++)
      for (let l = 1; l <= 5; l++)
        if (Math.abs((f - 1 + 2 * (m - 1) + (l - 1)) / 16 - score) < 1e-9)
          return { scores: { faithfulness: f, 'main-point': m, length: l }, reason: `worth ${score}` };
  throw new Error(`no verdict is worth ${score} on this rubric`);
}

export function reviewSummaryJudge(): JudgeScript {
  const cases = [...readLines('dev.jsonl'), ...readLines('test.jsonl')];
  const examples = readLines('judge-examples.jsonl');
  return ({ output, input }) => {
    const example = examples.find((e) => e.output === output && e.review === input);
    if (example) return verdictWorth(example.score!);
    const testCase = cases.find((c) => c.review === input);
    if (testCase && output === testCase.summary) return verdictWorth(1);
    if (testCase && output === testCase.review) return verdictWorth(0.5);
    return verdictWorth(0);
  };
}

/** The student-side model: the staff summary when told to summarise (the reference), else the review echoed (the baseline). */
export function reviewSummaryStudent(): (request: FakeModelRequest) => string {
  const cases = [...readLines('dev.jsonl'), ...readLines('test.jsonl')];
  return (request) => {
    const text = request.prompt ?? request.messages?.map((m) => m.content).join('\n') ?? '';
    // The case is the review quoted last (few-shot examples come before it).
    const testCase = cases.filter((c) => text.includes(c.review)).sort((a, b) => text.lastIndexOf(b.review) - text.lastIndexOf(a.review))[0];
    if (!testCase) return 'I cannot tell.';
    return text.includes('Summarise') ? testCase.summary : testCase.review;
  };
}
