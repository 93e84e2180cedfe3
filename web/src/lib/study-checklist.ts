// A preview, in the browser, of the completeness checks the grader runs on a study: the very same
// checks (server/shared/study-checks.ts), said by code and so shown in the student's language. The
// server's report stays authoritative (it also checks that each variant runs). Separately,
// `studyBlockers` lists what would make the server refuse the submission.
import type { PublicStudyConfig } from '../../../server/core/api.js';
import { type StudyCheckLine, studyChecks } from '../../../server/shared/study-checks.js';
import type { MessageKey } from '../i18n/messages-en.js';
import type { MessageParams } from '../i18n/format-message.js';

type ProgramLike = { model: string; kind: string } & Record<string, unknown>;
export type StudyDraft = { variants: { name: string; program: ProgramLike }[]; reflection: string };
export type ChecklistItem = StudyCheckLine;

export function studyChecklist(study: StudyDraft, config: PublicStudyConfig): ChecklistItem[] {
  return studyChecks(study, config);
}

/** Limits of the study format itself (server/core/study.ts): the server refuses a study that breaks them. */
export const MAX_STUDY_VARIANTS = 8;
export const MAX_VARIANT_NAME = 80;
export const MAX_REFLECTION_CHARS = 20_000;

export type Blocker = { key: MessageKey; params: MessageParams };

/** Why the server would refuse this study outright (not a completeness issue: it would not be graded). */
export function studyBlockers(study: StudyDraft): Blocker[] {
  const blockers: Blocker[] = [];
  if (study.variants.length === 0 || study.variants.length > MAX_STUDY_VARIANTS)
    blockers.push({ key: 'blocker.variantCount', params: { max: MAX_STUDY_VARIANTS } });
  const seen = new Set<string>();
  study.variants.forEach((variant, index) => {
    const name = variant.name;
    if (!name.trim()) blockers.push({ key: 'blocker.nameEmpty', params: { number: index + 1 } });
    else if (name.length > MAX_VARIANT_NAME) blockers.push({ key: 'blocker.nameTooLong', params: { name: `${name.slice(0, 20)}…`, max: MAX_VARIANT_NAME } });
    else if (seen.has(name)) blockers.push({ key: 'blocker.nameTwice', params: { name } });
    seen.add(name);
  });
  if (study.reflection.length > MAX_REFLECTION_CHARS) blockers.push({ key: 'blocker.reflectionTooLong', params: { max: MAX_REFLECTION_CHARS } });
  return blockers;
}
