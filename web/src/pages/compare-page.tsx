// /tasks/:taskId/compare: compares models or program variants, starting from the student's draft.
// On a study task this is where the study is built and submitted (?from=<id> reopens a submitted one).
import { useMemo } from 'react';
import { endpoints } from '../api/endpoints.js';
import { Comparison } from '../compare/comparison.js';
import { StudyComparison } from '../compare/study-comparison.js';
import { StudyBrief } from '../components/study-brief.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { initialSetup } from '../lib/compare-setup.js';
import { defaultTextProgram, mergeTextDraft } from '../lib/program-defaults.js';
import { taskModels } from '../lib/task-models.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { RouteParams } from '../router/match-route.js';
import { Link, useLocation } from '../router/router.js';

export function ComparePage({ params }: { params: RouteParams }) {
  const taskId = params.taskId!;
  const from = useLocation().query.get('from');
  const { t, locale } = useI18n();
  // A language switch loads the task's text again; the columns keep their state (taken once).
  const data = useAsync(
    async (signal) => {
      const [{ task }, { models }, { draft }, reopened] = await Promise.all([
        endpoints.task(taskId, locale, signal),
        endpoints.models(signal),
        endpoints.draft(taskId, signal),
        from ? endpoints.submission(from, signal) : Promise.resolve(null),
      ]);
      return { task, models, draft, reopened };
    },
    [taskId, from, locale],
  );
  const title = data.data?.task.title ?? taskId;
  useDocumentTitle(t('compare.title', { task: title }));
  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { task, models, draft, reopened } = data.data;
  const allowed = taskModels(task, models);
  const study = task.study;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/">{t('nav.home')}</Link> / <Link to={`/tasks/${taskId}`}>{title}</Link>
          </p>
          <h1>{t('compare.title', { task: title })}</h1>
        </div>
        <div className="actions">
          <Link className="button secondary" to={`/tasks/${taskId}/history`}>
            {t('home.history')}
          </Link>
          <Link className="button secondary" to={`/tasks/${taskId}`}>
            {t('history.backToPlayground')}
          </Link>
        </div>
      </div>
      {task.modality !== 'text' ? (
        <p className="empty">{t('compare.textOnly')}</p>
      ) : study ? (
        <>
          <StudyBrief task={task} study={study} models={allowed} linkToCompare={false} />
          <StudyComparison key={from ?? ''} task={{ ...task, study }} models={allowed} allModels={models} draft={draft?.program ?? null} reopened={reopened} />
        </>
      ) : (
        <PlainComparison task={task} models={models} draft={draft?.program ?? null} />
      )}
    </>
  );
}

/** Not a study: the comparison starts from the draft each time and saves nothing. */
function PlainComparison({
  task,
  models,
  draft,
}: {
  task: Parameters<typeof Comparison>[0]['task'];
  models: Parameters<typeof taskModels>[1];
  draft: Record<string, unknown> | null;
}) {
  const { t } = useI18n();
  const allowed = useMemo(() => taskModels(task, models), [task, models]);
  const base = useMemo(() => mergeTextDraft(draft, defaultTextProgram(task, models)), [draft, task, models]);
  const initial = useMemo(
    () => ({
      setup: initialSetup(task, allowed, base, {
        zeroShot: t('compare.zeroShot'),
        fewShot: t('compare.fewShot'),
        variant: (number) => t('compare.variantN', { number }),
      }),
      reflection: '',
    }),
    // biome-ignore lint/correctness/useExhaustiveDependencies: the starting setup is taken once; a language switch must not reset the columns
    [task, allowed, base],
  );
  return (
    <>
      <p className="muted">{t('compare.intro', { examples: base.examples.length })}</p>
      <Comparison task={task} models={allowed} base={base} initial={initial} />
    </>
  );
}
