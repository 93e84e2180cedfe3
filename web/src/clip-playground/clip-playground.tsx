// The image-text (CLIP-style) playground: class names and prompt templates on one side; the dev
// gallery, uploads with per-image probabilities, retrieval, and dev accuracy with a confusion
// matrix on the other.
import { useCallback, useMemo, useState } from 'react';
import type { ClassifyResponse, PublicCase } from '../../../server/core/api.js';
import type { GradeReport } from '../../../server/core/grade-report.js';
import type { ImageTextProgram } from '../../../server/core/prompt-program.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints, type ImageRef } from '../api/endpoints.js';
import { DevRunSection } from '../components/dev-run-section.js';
import { PlaygroundHeader, ReopenedNotice } from '../components/playground-header.js';
import { ErrorBox, Loading } from '../components/status.js';
import { StudyBrief } from '../components/study-brief.js';
import { SubmitDialog } from '../components/submit-dialog.js';
import { TaskDescription } from '../components/task-description.js';
import { useI18n } from '../i18n/i18n.js';
import { expectedText } from '../lib/case-outcome.js';
import { cleanImageTextProgram } from '../lib/clean-program.js';
import { defaultImageTextProgram, mergeImageTextDraft } from '../lib/program-defaults.js';
import { studyDraftOf, withStudyDraft } from '../lib/study-draft.js';
import { taskModels } from '../lib/task-models.js';
import { ModelOption, UnavailableModelNote } from '../components/model-option.js';
import { useDraftAutosave } from '../lib/use-draft-autosave.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { PlaygroundProps } from '../lib/playground-props.js';
import { ClassEditor } from './class-editor.js';
import { ImageDrop, type UploadedImage } from './image-drop.js';
import { ImageGallery } from './image-gallery.js';
import { ProbabilityBars } from './probability-bars.js';
import { RetrievalPanel } from './retrieval-panel.js';
import { TemplatesEditor } from './templates-editor.js';

type Target = { kind: 'dev'; item: PublicCase } | { kind: 'upload'; image: UploadedImage };
type Classification = { status: 'running' } | { status: 'done'; result: ClassifyResponse } | { status: 'error'; error: ApiError };

export function ClipPlayground({ task, models, draft, reopened }: PlaygroundProps) {
  const { t } = useI18n();
  useDocumentTitle(task.title);
  const allowed = useMemo(() => taskModels(task, models), [task, models]);
  const base = useMemo(() => defaultImageTextProgram(task, models), [task, models]);
  const [program, setProgram] = useState<ImageTextProgram>(() => mergeImageTextDraft(reopened?.program ?? draft, base));
  const [restorable, setRestorable] = useState(reopened && draft ? draft : null);
  const studyDraft = useMemo(() => studyDraftOf(draft), [draft]);
  const saved = useMemo(() => withStudyDraft(program, studyDraft), [program, studyDraft]);
  const saveState = useDraftAutosave(task.id, saved, reopened !== null);
  const sent = useMemo(() => cleanImageTextProgram(program), [program]);
  const [target, setTarget] = useState<Target | null>(null);
  const [classification, setClassification] = useState<Classification | null>(null);
  const [report, setReport] = useState<GradeReport | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const modelLabel = allowed.find((m) => m.id === program.model)?.label ?? program.model;
  const labels = task.fields.labels ?? [];

  const classify = useCallback(
    async (next: Target) => {
      setTarget(next);
      setClassification({ status: 'running' });
      const image: ImageRef = next.kind === 'dev' ? { caseId: next.item.id } : { base64: next.image.base64, name: next.image.name };
      try {
        setClassification({ status: 'done', result: await endpoints.classify(task.id, sent, image) });
      } catch (error) {
        setClassification({ status: 'error', error: asApiError(error) });
      }
    },
    [task.id, sent],
  );
  const outcomes = useMemo(() => (report ? new Map(report.cases.map((c) => [c.caseId, c])) : null), [report]);

  return (
    <div className="playground">
      <PlaygroundHeader task={task} saveState={saveState} onSubmit={() => setSubmitting(true)} canSubmit={Boolean(program.model)} program={sent} />
      {reopened ? (
        <ReopenedNotice
          createdAt={reopened.createdAt}
          onRestore={restorable ? () => (setProgram(mergeImageTextDraft(restorable, base)), setRestorable(null)) : null}
        />
      ) : null}
      {task.study ? <StudyBrief task={task} study={task.study} models={allowed} linkToCompare={false} /> : null}
      <div className="playground-grid">
        <TaskDescription task={task} />
        <section className="editor" aria-label={t('program.title')}>
          <div className="field">
            <label htmlFor="model">{t('program.model')}</label>
            <select id="model" value={program.model} onChange={(event) => setProgram({ ...program, model: event.target.value })}>
              {allowed.map((model) => (
                <ModelOption key={model.id} model={model} />
              ))}
            </select>
            <UnavailableModelNote model={allowed.find((m) => m.id === program.model)} />
          </div>
          {labels.length ? <ClassEditor labels={labels} value={program.labels} onChange={(next) => setProgram({ ...program, labels: next })} /> : null}
          <TemplatesEditor
            templates={program.templates}
            onChange={(templates) => setProgram({ ...program, templates })}
            maxTemplates={task.limits.maxTemplates}
          />
        </section>
        <section className="output-column panel" aria-label={t('clip.try')}>
          {/* Classification tasks classify images; retrieval tasks rank their gallery for a typed text. */}
          <h2 className="panel-title">{task.mode === 'classify' ? t('clip.classify') : t('clip.retrieve')}</h2>
          {task.mode === 'classify' ? (
            <>
              <p className="help">{t('clip.classifyHelp')}</p>
              <ImageDrop onImage={(image) => void classify({ kind: 'upload', image })} />
              <ImageGallery
                cases={task.dev}
                selected={target?.kind === 'dev' ? target.item.id : null}
                onSelect={(item) => void classify({ kind: 'dev', item })}
                outcomes={outcomes}
              />
              {target ? (
                <div className="classification" aria-live="polite">
                  <div className="classification-head">
                    <img
                      src={target.kind === 'dev' ? target.item.image : target.image.url}
                      alt={target.kind === 'dev' ? target.item.id : target.image.name}
                      width={72}
                      height={72}
                    />
                    <strong>{target.kind === 'dev' ? target.item.id : target.image.name}</strong>
                  </div>
                  {classification?.status === 'running' ? <Loading /> : null}
                  {classification?.status === 'error' ? (
                    <ErrorBox
                      error={classification.error}
                      title={classification.error.code === 'invalid_image' ? t('clip.imageRejected') : t('clip.classifyFailed', { model: modelLabel })}
                    />
                  ) : null}
                  {classification?.status === 'done' ? (
                    <ProbabilityBars result={classification.result} expected={target.kind === 'dev' ? expectedText(target.item.expected) : null} />
                  ) : null}
                </div>
              ) : null}
              {/* Text search works on a classification task's dev images too. */}
              <h3 className="subsection-title">{t('clip.retrieve')}</h3>
              <p className="help">{t('clip.retrieveHelp')}</p>
              <RetrievalPanel taskId={task.id} program={sent} modelLabel={modelLabel} />
            </>
          ) : (
            <RetrievalPanel taskId={task.id} program={sent} modelLabel={modelLabel} />
          )}
        </section>
      </div>
      <DevRunSection task={task} program={sent} modelLabel={modelLabel} onReport={setReport} />
      {submitting ? (
        <SubmitDialog
          task={task}
          program={sent}
          summary={t('submit.summaryClip', { model: modelLabel, templates: sent.templates.length, classes: Object.keys(sent.labels).length })}
          onClose={() => setSubmitting(false)}
        />
      ) : null}
    </div>
  );
}
