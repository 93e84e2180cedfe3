// The text (GPT-style) playground: the task beside an editor for the prompt program, a live
// preview of what the model receives, single runs with streamed output, and dev-split runs.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { DevRunSection } from '../components/dev-run-section.js';
import { PlaygroundHeader, ReopenedNotice } from '../components/playground-header.js';
import { StudyBrief } from '../components/study-brief.js';
import { SubmitDialog } from '../components/submit-dialog.js';
import { TaskDescription } from '../components/task-description.js';
import { useI18n } from '../i18n/i18n.js';
import { cleanTextProgram } from '../lib/clean-program.js';
import { caseToExample } from '../lib/few-shot.js';
import { defaultTextProgram, inputFieldsOf, mergeTextDraft } from '../lib/program-defaults.js';
import { studyDraftOf, withStudyDraft } from '../lib/study-draft.js';
import { taskModels } from '../lib/task-models.js';
import { useDraftAutosave } from '../lib/use-draft-autosave.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { PlaygroundProps } from '../lib/playground-props.js';
import { CasePicker, caseRefOf, type CaseChoice } from './case-picker.js';
import { ExamplesEditor } from './examples-editor.js';
import { ModelPicker, ProgramSettings } from './program-settings.js';
import { PromptPreview } from './prompt-preview.js';
import { RunResultView } from './run-result.js';
import { InstructionEditor, TemplateEditor } from './template-editor.js';
import { useRunOne } from './use-run-one.js';

export function TextPlayground({ task, models, draft, reopened }: PlaygroundProps) {
  const { t } = useI18n();
  useDocumentTitle(task.title);
  const allowed = useMemo(() => taskModels(task, models), [task, models]);
  const base = useMemo(() => defaultTextProgram(task, models), [task, models]);
  const [program, setProgram] = useState<TextProgram>(() => mergeTextDraft(reopened?.program ?? draft, base));
  const [restorable, setRestorable] = useState(reopened && draft ? draft : null);
  // A study being built on the Compare page lives in the same draft: kept as found.
  const studyDraft = useMemo(() => studyDraftOf(draft), [draft]);
  const saved = useMemo(() => withStudyDraft(program, studyDraft), [program, studyDraft]);
  const saveState = useDraftAutosave(task.id, saved, reopened !== null);
  const [choice, setChoice] = useState<CaseChoice | null>(task.dev[0] ? { kind: 'dev', caseId: task.dev[0].id } : { kind: 'custom', inputs: {} });
  const [submitting, setSubmitting] = useState(false);
  const inputFields = inputFieldsOf(task);
  const sent = useMemo(() => cleanTextProgram(program), [program]);
  const caseRef = caseRefOf(choice);
  const runOne = useRunOne(task.id);
  const modelLabel = allowed.find((m) => m.id === program.model)?.label ?? program.model;

  // Ctrl/Cmd+Enter runs the program on the selected input from anywhere on the page.
  const runNow = useRef<() => void>(() => undefined);
  const runSection = useRef<HTMLElement>(null);
  runNow.current = () => {
    if (caseRef) void runOne.start(sent, caseRef);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        runNow.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Dev cases whose input and output are exactly an example: left out of dev runs by default.
  const usedAsExamples = useMemo(() => {
    const examples = new Set(program.examples.map((e) => JSON.stringify(e)));
    return task.dev.filter((c) => examples.has(JSON.stringify(caseToExample(c, inputFields)))).map((c) => c.id);
  }, [program.examples, task.dev, inputFields]);
  const devCase = choice?.kind === 'dev' ? (task.dev.find((c) => c.id === choice.caseId) ?? null) : null;
  const update = useCallback((next: TextProgram) => setProgram(next), []);

  return (
    <div className="playground">
      <PlaygroundHeader task={task} saveState={saveState} onSubmit={() => setSubmitting(true)} canSubmit={Boolean(program.model)} program={sent} />
      {reopened ? (
        <ReopenedNotice
          createdAt={reopened.createdAt}
          onRestore={
            restorable
              ? () => {
                  setProgram(mergeTextDraft(restorable, base));
                  setRestorable(null);
                }
              : null
          }
        />
      ) : null}
      {task.study ? <StudyBrief task={task} study={task.study} models={allowed} linkToCompare /> : null}
      <div className="playground-grid">
        <TaskDescription task={task} />
        <section className="editor" aria-label={t('program.title')}>
          <ModelPicker program={program} onChange={update} models={allowed} />
          <InstructionEditor program={program} onChange={update} />
          <ExamplesEditor
            examples={program.examples}
            onChange={(examples) => update({ ...program, examples })}
            inputFields={inputFields}
            maxExamples={task.limits.maxExamples}
            pool={task.dev}
          />
          <TemplateEditor program={program} onChange={update} inputFields={inputFields} />
          <ProgramSettings program={program} onChange={update} labels={task.fields.labels} maxOutputTokens={task.limits.maxOutputTokens} />
        </section>
        <section className="output-column" aria-label={t('run.title')}>
          <section className="panel run-one" aria-labelledby="run-title" ref={runSection}>
            <div className="panel-head">
              <h2 id="run-title" className="panel-title">
                {t('run.title')}
              </h2>
              {runOne.state.status === 'running' ? (
                <button type="button" className="button secondary" onClick={runOne.cancel}>
                  {t('common.cancel')}
                </button>
              ) : (
                <button type="button" className="button primary" onClick={() => runNow.current()} aria-keyshortcuts="Control+Enter Meta+Enter">
                  {t('run.run')} <kbd>{t('run.shortcut')}</kbd>
                </button>
              )}
            </div>
            <CasePicker dev={task.dev} inputFields={inputFields} value={choice} onChange={setChoice} />
            <RunResultView state={runOne.state} devCase={devCase} modelLabel={modelLabel} />
          </section>
          <PromptPreview taskId={task.id} program={sent} caseRef={caseRef} />
        </section>
      </div>
      {/* On a phone the Run panel is below the whole editor; this bar (shown only at phone width)
          keeps Run within reach and brings the result into view. */}
      <div className="mobile-run-bar">
        {runOne.state.status === 'running' ? (
          <button type="button" className="button secondary" onClick={runOne.cancel}>
            {t('common.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              runNow.current();
              runSection.current?.scrollIntoView({ block: 'start' });
            }}
          >
            {t('run.runAndShow')}
          </button>
        )}
      </div>
      <DevRunSection task={task} program={sent} modelLabel={modelLabel} usedAsExamples={usedAsExamples} />
      {submitting ? (
        <SubmitDialog
          task={task}
          program={sent}
          summary={t('submit.summaryText', { model: modelLabel, examples: sent.examples.length })}
          onClose={() => setSubmitting(false)}
        />
      ) : null}
    </div>
  );
}
