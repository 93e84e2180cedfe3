// Title row of a playground: task name, links to compare and history, draft status, Submit. A
// study task takes a study, never one program: its Submit leads to the Compare page's study form.
import type { PublicTask } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';
import { downloadProgram } from '../lib/download-program.js';
import type { MessageKey } from '../i18n/messages-en.js';
import type { SaveState } from '../lib/use-draft-autosave.js';
import { Link } from '../router/router.js';

/** `program`: the program as sent to the server; "Download program" saves it as program.json (for Gradescope). */
export function PlaygroundHeader({
  task,
  saveState,
  onSubmit,
  canSubmit,
  program,
}: {
  task: PublicTask;
  saveState: SaveState;
  onSubmit: () => void;
  canSubmit: boolean;
  program?: object;
}) {
  const { t } = useI18n();
  const saveText: Record<SaveState, string> = { idle: t('draft.idle'), saving: t('draft.saving'), saved: t('draft.saved'), error: t('draft.error') };
  return (
    <div className="page-head">
      <div>
        <p className="breadcrumb">
          <Link to="/">{t('nav.home')}</Link> / {t(task.modality === 'text' ? 'modality.text' : 'modality.imageText')}
        </p>
        <h1>{task.title}</h1>
      </div>
      <div className="actions">
        <span className={`save-state ${saveState}`} role="status" aria-live="polite">
          {saveText[saveState]}
        </span>
        {task.modality === 'text' ? (
          <Link className="button secondary" to={`/tasks/${task.id}/compare`}>
            {t('home.compare')}
          </Link>
        ) : null}
        <Link className="button secondary" to={`/tasks/${task.id}/history`}>
          {t('home.history')}
        </Link>
        {program && !task.study ? (
          <button type="button" className="button secondary" onClick={() => downloadProgram(task.id, program)} title={t('program.downloadHint')}>
            {t('program.download')}
          </button>
        ) : null}
        {!task.study ? (
          <button type="button" className="button primary" onClick={onSubmit} disabled={!canSubmit}>
            {t('submit.open')}
          </button>
        ) : task.modality === 'text' ? (
          <Link className="button primary" to={`/tasks/${task.id}/compare#study-submit`}>
            {t('study.submitOpen')}
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** `message`: what was opened, a message with a {date} (default: a program, which is now the draft). */
export function ReopenedNotice({
  createdAt,
  onRestore,
  message = 'draft.reopened',
}: {
  createdAt: string;
  onRestore: (() => void) | null;
  message?: MessageKey;
}) {
  const { t, date } = useI18n();
  return (
    <div className="notice" role="status">
      {t(message, { date: date(createdAt) })}
      {onRestore ? (
        <button type="button" className="button link" onClick={onRestore}>
          {t('draft.restore')}
        </button>
      ) : null}
    </div>
  );
}
