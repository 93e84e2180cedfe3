// A submission's report. While it is queued or grading, progress streams in (server-sent events)
// and the report appears when grading ends. Students see dev cases in detail and hidden test
// cases only as counts; staff see every case. A study reopens in Compare, a program in the playground.
import { useEffect, useState } from 'react';
import type { SubmissionDetail } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { followSubmission, type Progress } from '../api/run-streams.js';
import { DevRunSection } from '../components/dev-run-section.js';
import { LatenessCell, PointsCell } from '../components/lateness.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ReportBody } from '../components/report-body.js';
import { StatusBadge } from '../components/status-badge.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { isStudyProgram, reopenPath } from '../lib/reopen-path.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { RouteParams } from '../router/match-route.js';
import { Link } from '../router/router.js';
import { RegradeNote } from '../components/regrade-note.js';

export function ReportPage({ params }: { params: RouteParams }) {
  return <Report id={params.id!} staff={false} />;
}

export function StaffReportPage({ params }: { params: RouteParams }) {
  return <Report id={params.id!} staff />;
}

function Report({ id, staff }: { id: string; staff: boolean }) {
  const { t, date, number, locale, said } = useI18n();
  const detail = useAsync((signal) => (staff ? endpoints.staffSubmission(id, signal) : endpoints.submission(id, signal)), [id, staff]);
  const taskId = detail.data?.submission.taskId;
  const task = useAsync((signal) => (taskId ? endpoints.task(taskId, locale, signal) : Promise.resolve(null)), [taskId, locale]);
  const title = task.data?.task.title ?? taskId ?? '';
  useDocumentTitle(t('report.title', { task: title }));
  const live = useLiveProgress(detail.data, detail.reload);
  const [regrading, setRegrading] = useState<ApiError | 'busy' | null>(null);

  if (detail.error) return <ErrorBox error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const { submission, report } = detail.data;
  const pending = submission.status === 'queued' || submission.status === 'grading';
  const isStudy = isStudyProgram(detail.data.program);
  const regrade = async () => {
    setRegrading('busy');
    try {
      await endpoints.regrade(submission.id);
      setRegrading(null);
      detail.reload();
    } catch (error) {
      setRegrading(asApiError(error));
    }
  };
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to={staff ? '/staff/submissions' : `/tasks/${submission.taskId}/history`}>
              {staff ? t('staff.submissions') : t('history.title', { task: title })}
            </Link>
          </p>
          <h1>{t('report.title', { task: title })}</h1>
          <p className="muted">
            {t('report.meta', { date: date(submission.createdAt), model: submission.model, version: submission.taskVersion })}{' '}
            <StatusBadge status={submission.status} /> <RegradeNote submission={submission} />
          </p>
          {submission.lateStatus && submission.lateStatus !== 'on-time' ? (
            <p data-testid="report-lateness">
              <LatenessCell submission={submission} />
              {submission.status === 'graded' && submission.penaltyPercent ? (
                <>
                  {' · '}
                  <PointsCell submission={submission} />
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        <div className="actions">
          {!staff ? (
            <Link className="button secondary" to={reopenPath(submission.taskId, submission.id, isStudy)}>
              {isStudy ? t('report.reopenStudy') : t('report.reopen')}
            </Link>
          ) : (
            <button type="button" className="button secondary" onClick={() => void regrade()} disabled={regrading === 'busy' || pending}>
              {t('staff.regrade')}
            </button>
          )}
        </div>
      </div>
      {regrading && regrading !== 'busy' ? <ErrorBox error={regrading} /> : null}
      {pending ? (
        <section className="panel" aria-live="polite">
          <h2 className="panel-title">{submission.status === 'queued' ? t('report.queued') : t('report.grading')}</h2>
          {live.error ? (
            <ErrorBox error={live.error} title={t('report.progressLost')} onRetry={detail.reload} />
          ) : (
            <ProgressBar label={t('report.progress')} done={live.progress?.done ?? 0} total={live.progress?.total ?? 0} errored={live.progress?.errored ?? 0} />
          )}
          <p className="help">{t('report.waitHelp')}</p>
        </section>
      ) : null}
      {submission.status === 'failed' ? (
        <div className="error-box" role="alert">
          <strong>{t('report.failedTitle')}</strong>
          <p>{said(submission.errorSaid ?? undefined, submission.error ?? t('report.failedUnknown'))}</p>
          <p className="error-hint">
            {submission.failureKind === 'program'
              ? t('report.failedProgramHint')
              : submission.failureKind === 'infrastructure'
                ? t('report.failedInfrastructureHint')
                : t('report.failedHint')}
          </p>
          {submission.failureReason ? <p className="error-hint">{t('report.failureReason', { reason: submission.failureReason })}</p> : null}
        </div>
      ) : null}
      {report ? <ReportBody report={report} task={task.data?.task ?? null} staff={staff} /> : null}
      {submission.status === 'graded' && !report ? <p className="empty">{t('report.noReport')}</p> : null}
      {/* Reports graded before dev cases came with them: the same program on the dev cases shows every case. */}
      {!staff && report && !isStudy && !report.dev && task.data?.task && !report.cases.some((c) => !c.hidden) ? (
        <DevRunSection task={task.data.task} program={detail.data.program} modelLabel={submission.model} />
      ) : null}
      {/* Staff only: a student's copy has no usage or timing (they would show grading's cache hits). */}
      {report && 'usage' in report ? (
        <p className="muted small">
          {t('report.usage', {
            calls: report.usage.modelCalls + report.usage.cacheHits,
            cached: report.usage.cacheHits,
            prompt: number(report.usage.promptTokens, 0),
            completion: number(report.usage.completionTokens, 0),
            seconds: number(report.durationMs / 1000, 1),
          })}
        </p>
      ) : null}
      <details className="program-json">
        <summary>{t('report.program')}</summary>
        <pre>{JSON.stringify(detail.data.program, null, 2)}</pre>
      </details>
    </>
  );
}

/** Follows grading while the submission is pending; reloads the detail when it ends. */
function useLiveProgress(detail: SubmissionDetail | undefined, reload: () => void) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const id = detail?.submission.id;
  const pending = detail?.submission.status === 'queued' || detail?.submission.status === 'grading';
  useEffect(() => {
    if (!id || !pending) return;
    const controller = new AbortController();
    setError(null);
    followSubmission(id, setProgress, controller.signal).then(
      () => reload(),
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(asApiError(failure));
      },
    );
    return () => controller.abort();
  }, [id, pending, reload]);
  return { progress, error };
}
