// Completeness of a study against its task's `study:` block, as report lines: the shared checks
// (server/shared/study-checks.ts, which the browser previews too) with their English sentence for
// the CLI, the logs and older readers; `said` carries the same sentence for the student's language.
import type { StudyConfig, StudyProgram } from '../core/study.js';
import { renderMessage } from '../shared/messages/render-message.js';
import type { Said } from '../shared/messages/say.js';
import { studyChecks } from '../shared/study-checks.js';

export type StudyCheck = { name: string; passed: boolean; message: string; said?: Said };

/** A check's English sentence (every code said here is in the catalogue). */
export function englishLine(said: Said): string {
  return renderMessage(said, 'en') ?? said.code;
}

export function checkStudy(study: StudyProgram, config: StudyConfig): StudyCheck[] {
  return studyChecks(study, config).map((check) => ({ ...check, message: englishLine(check.said) }));
}
