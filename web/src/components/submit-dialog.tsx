// Confirms a submission (one program, or a study of several): what will be graded, and how many
// submissions are left today, and whether it is on time, late (with the penalty) or refused. On success it opens the report page, which follows the grading live.
import { useEffect, useRef, useState } from 'react';
import type { PublicTask } from '../../../server/core/api.js';
import type { PromptProgram } from '../../../server/core/prompt-program.js';
import type { StudyProgram } from '../../../server/core/study.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { navigate } from '../router/router.js';
import { DeadlineNotice, deadlineOutcome } from './deadline-notice.js';
import { ErrorBox } from './status.js';

type Props = {
  task: PublicTask;
  program: PromptProgram | StudyProgram;
  summary: string;
  /** What grading does, when it is not one program on the hidden cases (a study). */
  explain?: string;
  /** Said before confirming, e.g. checks of a study that would fail. */
  warning?: string | null;
  onClose: () => void;
};

export function SubmitDialog({ task, program, summary, explain, warning, onClose }: Props) {
  const { t, locale } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const quota = useAsync(
    async (signal) => {
      const { assignments } = await endpoints.assignments(locale, signal);
      const entry = assignments.flatMap((a) => a.tasks).find((item) => item.taskId === task.id);
      return entry ? { left: Math.max(0, entry.submissionsPerDay - entry.submissionsToday), perDay: entry.submissionsPerDay } : null;
    },
    [task.id],
  );

  // The student's own deadline and the server's clock (corrected for the time the dialog is open).
  const deadline = useAsync(
    async (signal) => {
      const response = await endpoints.taskDeadline(task.id, signal);
      return { ...response, offsetMs: Date.parse(response.now) - Date.now() };
    },
    [task.id],
  );
  const outcome = deadline.data ? deadlineOutcome(deadline.data.deadline, Date.now() + deadline.data.offsetMs) : null;
  const refused = outcome?.status === 'refused';

  // Opened as a modal (focus trap, Escape, inert page behind). Unmounting removes it without a
  // close event, so the parent's state stays the single source of truth.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const { submission } = await endpoints.submit(task.id, program);
      navigate(`/submissions/${submission.id}`);
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  };
  const left = quota.data?.left ?? null;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="submit-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="submit-title">{t('submit.title', { task: task.title })}</h2>
      <p>{explain ?? t('submit.explain', { count: task.testCount })}</p>
      <p className="summary">{summary}</p>
      {warning ? <p className="warn-box">{warning}</p> : null}
      {deadline.data && outcome ? <DeadlineNotice deadline={deadline.data.deadline} outcome={outcome} /> : null}
      <p className={left === 0 ? 'error-text' : ''} data-testid="submissions-left">
        {quota.loading
          ? t('common.loading')
          : left === null
            ? t('submit.leftUnknown')
            : t('submit.left', { left, perDay: quota.data?.perDay ?? task.submissions.perDay })}
      </p>
      {error ? <ErrorBox error={error} title={t('submit.failed')} /> : null}
      <div className="actions end">
        <button type="button" className="button secondary" onClick={onClose} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="button primary" onClick={() => void confirm()} disabled={busy || left === 0 || refused}>
          {busy ? t('submit.busy') : t('submit.confirm')}
        </button>
      </div>
    </dialog>
  );
}
