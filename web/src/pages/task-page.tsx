// /tasks/:taskId: loads the task, its models and the student's draft (or a past submission to
// reopen), then shows the text or the CLIP playground.
import { lazy, Suspense, useEffect } from 'react';
import { endpoints } from '../api/endpoints.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import type { PlaygroundProps } from '../lib/playground-props.js';
import { isStudyProgram, reopenPath } from '../lib/reopen-path.js';
import { useAsync } from '../lib/use-async.js';
import type { RouteParams } from '../router/match-route.js';
import { navigate, useLocation } from '../router/router.js';

const TextPlayground = lazy(async () => ({ default: (await import('../text-playground/text-playground.js')).TextPlayground }));
const ClipPlayground = lazy(async () => ({ default: (await import('../clip-playground/clip-playground.js')).ClipPlayground }));

export function TaskPage({ params }: { params: RouteParams }) {
  const taskId = params.taskId!;
  const from = useLocation().query.get('from');
  const { locale } = useI18n();
  // A language switch loads the task's text again; the playground keeps its state (same key) and
  // takes the draft only when it mounts.
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
  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { task, models, draft, reopened } = data.data;
  // A submitted study reopens where studies are built: the Compare page.
  if (from && isStudyProgram(reopened?.program)) return <Redirect to={reopenPath(task.id, from, true)} />;
  const props: PlaygroundProps = {
    task,
    models,
    draft: draft?.program ?? null,
    reopened: reopened ? { program: reopened.program, createdAt: reopened.submission.createdAt } : null,
  };
  return (
    <Suspense fallback={<Loading />}>
      {task.modality === 'text' ? <TextPlayground key={task.id + (from ?? '')} {...props} /> : <ClipPlayground key={task.id + (from ?? '')} {...props} />}
    </Suspense>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}
