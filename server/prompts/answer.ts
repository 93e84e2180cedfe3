// From raw model text to the answer the evaluators score: strip the output template's prefix
// (chat models often repeat "Sentiment:"), apply the extraction regex, map words to a label.
import type { TextProgram } from '../core/prompt-program.js';
import { compileStudentPattern } from '../shared/student-pattern.js';
import { outputPrefix } from './render-text.js';

export type Answer = {
  /** What the evaluators score: the label when a verbalizer is used, else the extracted text. */
  output: string;
  /** The label the verbalizer chose; null when no label's word was found. Undefined without a verbalizer. */
  predicted?: string | null;
};

function normalizeWord(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Verbalizer: the label whose word the answer starts with; else the only label whose word occurs in
 * it. Several labels occurring (e.g. "not positive, negative") is ambiguous and gives no label.
 */
export function matchLabel(answer: string, labels: Record<string, string[]>): string | null {
  const normalized = normalizeWord(answer);
  if (!normalized) return null;
  const entries = Object.entries(labels).flatMap(([label, words]) => words.map((word) => ({ label, word: normalizeWord(word) })));
  // Longest words first, so "very positive" wins over "positive" when both are words of labels.
  entries.sort((a, b) => b.word.length - a.word.length);
  const starts = entries.find(({ word }) => word && (normalized === word || normalized.startsWith(`${word} `)));
  if (starts) return starts.label;
  const padded = ` ${normalized} `;
  const found = new Set(entries.filter(({ word }) => word && padded.includes(` ${word} `)).map(({ label }) => label));
  return found.size === 1 ? [...found][0]! : null;
}

export type AnswerReader = (rawText: string) => Answer;

/**
 * Reads answers for one program: the extraction pattern is compiled once for all of a run's cases
 * (re2js keeps its automaton's states on the compiled pattern, so later cases match faster).
 */
export function answerReader(program: TextProgram): AnswerReader {
  const prefix = outputPrefix(program).trim();
  // Never `new RegExp`: a student's pattern could backtrack for minutes on the main thread.
  const checked = program.answer.extract === undefined ? null : compileStudentPattern(program.answer.extract);
  return (rawText) => {
    let text = rawText.trim();
    if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length).trim();
    // The schema refused a pattern that does not compile; a program built past it gets no answer, not a hang.
    if (checked) text = checked.ok ? (checked.pattern.extract(text) ?? '').trim() : '';
    if (!program.answer.labels) return { output: text };
    const predicted = matchLabel(text, program.answer.labels);
    return { output: predicted ?? text, predicted };
  };
}

export function extractAnswer(rawText: string, program: TextProgram): Answer {
  return answerReader(program)(rawText);
}
