// Compare on a study task: the columns and the reflection are saved in the student's draft as they
// change, and a submitted study (?from=<submission>) reopens with its variants and reflection,
// with a way back to what the draft held before.
import { useCallback, useMemo, useState } from 'react';
import type { PublicStudyConfig, PublicTask, SubmissionDetail } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import { ReopenedNotice } from '../components/playground-header.js';
import { useI18n } from '../i18n/i18n.js';
import { columnLimits, initialSetup, type SetupNames } from '../lib/compare-setup.js';
import { defaultTextProgram, mergeTextDraft } from '../lib/program-defaults.js';
import { mergeStudyDraft, studyDraftOf, withStudyDraft, type StudyDraft } from '../lib/study-draft.js';
import { setupFromStudy } from '../lib/study-setup.js';
import { useDraftAutosave, type SaveState } from '../lib/use-draft-autosave.js';
import { Comparison } from './comparison.js';

type Props = {
  task: PublicTask & { study: PublicStudyConfig };
  models: ModelInfo[];
  allModels: ModelInfo[];
  draft: Record<string, unknown> | null;
  reopened: SubmissionDetail | null;
};

export function StudyComparison({ task, models, allModels, draft, reopened }: Props) {
  const { t } = useI18n();
  const names: SetupNames = useMemo(
    () => ({ zeroShot: t('compare.zeroShot'), fewShot: t('compare.fewShot'), variant: (number) => t('compare.variantN', { number }) }),
    [t],
  );
  const fromDraft = useMemo(() => {
    const base = mergeTextDraft(draft, defaultTextProgram(task, allModels));
    const fallback: StudyDraft = { setup: initialSetup(task, models, base, names), reflection: '' };
    return {
      base,
      initial: mergeStudyDraft(
        studyDraftOf(draft),
        fallback,
        columnLimits(task.study),
        base,
        models.map((m) => m.id),
      ),
    };
  }, [task, models, allModels, draft, names]);
  const fromSubmission = useMemo(() => {
    const study = reopened ? setupFromStudy(reopened.program, task, models, fromDraft.base, names) : null;
    return study ? { base: study.base, initial: { setup: study.setup, reflection: study.reflection }, lossy: study.lossy } : null;
  }, [reopened, task, models, fromDraft.base, names]);
  const [source, setSource] = useState<'submission' | 'draft'>(fromSubmission ? 'submission' : 'draft');
  const chosen = source === 'submission' && fromSubmission ? fromSubmission : fromDraft;
  const [current, setCurrent] = useState<StudyDraft>(chosen.initial);
  const onChange = useCallback((state: StudyDraft) => setCurrent(state), []);
  // A reopened study becomes the draft at once, like a program reopened in the playground.
  const saveState = useDraftAutosave(
    task.id,
    useMemo(() => withStudyDraft(chosen.base, current), [chosen.base, current]),
    source === 'submission',
  );
  const restore = () => {
    setCurrent(fromDraft.initial);
    setSource('draft');
  };

  return (
    <>
      {source === 'submission' && reopened ? (
        <ReopenedNotice createdAt={reopened.submission.createdAt} message="study.reopened" onRestore={draft ? restore : null} />
      ) : null}
      {source === 'submission' && fromSubmission?.lossy ? <p className="warn-box">{t('study.reopenedLossy')}</p> : null}
      <div className="compare-intro">
        <p className="muted">{t('compare.intro', { examples: chosen.base.examples.length })}</p>
        <SaveStatus state={saveState} />
      </div>
      <Comparison key={source} task={task} models={models} base={chosen.base} initial={chosen.initial} onChange={onChange} />
    </>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useI18n();
  const text: Record<SaveState, string> = { idle: t('study.draftIdle'), saving: t('draft.saving'), saved: t('draft.saved'), error: t('draft.error') };
  return (
    <p className={`save-state ${state}`} role="status" aria-live="polite">
      {text[state]}
    </p>
  );
}
