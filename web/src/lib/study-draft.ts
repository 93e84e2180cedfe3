// On a study task the student's draft (server-side, per task) carries the study being built on the
// Compare page beside the text program the playground edits: { ...program, studyDraft: { setup,
// reflection } }. The playground keeps the field as it found it; Compare rewrites it. A reflection
// of 80 words is work: it must survive a reload, another device, or a detour to the playground.
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { mergeSetup, type CompareSetup } from './compare-setup.js';

export type StudyDraft = { setup: CompareSetup; reflection: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The raw study part of a stored draft, or null. */
export function studyDraftOf(draft: unknown): Record<string, unknown> | null {
  return isRecord(draft) && isRecord(draft.studyDraft) ? draft.studyDraft : null;
}

export function mergeStudyDraft(
  raw: unknown,
  fallback: StudyDraft,
  limits: { min: number; max: number },
  base: TextProgram,
  allowed: readonly string[],
): StudyDraft {
  if (!isRecord(raw)) return fallback;
  return {
    setup: mergeSetup(raw.setup, fallback.setup, limits, base, allowed),
    reflection: typeof raw.reflection === 'string' ? raw.reflection : fallback.reflection,
  };
}

/** The draft to store: the text program with the study beside it (null: the program alone). */
export function withStudyDraft(program: Record<string, unknown>, study: StudyDraft | Record<string, unknown> | null): Record<string, unknown> {
  return study ? { ...program, studyDraft: study } : program;
}
