// /tasks/:taskId/compare: compares models or program variants, starting from the student's draft.
import { endpoints } from '../api/endpoints.js';
import { Comparison } from '../compare/comparison.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { defaultTextProgram, mergeTextDraft } from '../lib/program-defaults.js';
import { taskModels } from '../lib/task-models.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { RouteParams } from '../router/match-route.js';
import { Link } from '../router/router.js';

export function ComparePage({ params }: { params: RouteParams }) {
  const taskId = params.taskId!;
  const { t } = useI18n();
  const data = useAsync(async (signal) => {
    const [{ task }, { models }, { draft }] = await Promise.all([endpoints.task(taskId, signal), endpoints.models(signal), endpoints.draft(taskId, signal)]);
    return { task, models, draft };
  }, [taskId]);
  const title = data.data?.task.title ?? taskId;
  useDocumentTitle(t('compare.title', { task: title }));
  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { task, models, draft } = data.data;
  const base = mergeTextDraft(draft?.program ?? null, defaultTextProgram(task, models));
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/">{t('nav.home')}</Link> / <Link to={`/tasks/${taskId}`}>{title}</Link>
          </p>
          <h1>{t('compare.title', { task: title })}</h1>
        </div>
        <Link className="button secondary" to={`/tasks/${taskId}`}>
          {t('history.backToPlayground')}
        </Link>
      </div>
      {task.modality !== 'text' ? (
        <p className="empty">{t('compare.textOnly')}</p>
      ) : (
        <>
          <p className="muted">{t('compare.intro', { examples: base.examples.length })}</p>
          <Comparison task={task} models={taskModels(task, models)} base={base} />
        </>
      )}
    </>
  );
}
