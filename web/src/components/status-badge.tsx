import type { SubmissionStatus } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';

const TONE: Record<SubmissionStatus, string> = { queued: 'neutral', grading: 'warn', graded: 'good', failed: 'bad' };

export function StatusBadge({ status }: { status: SubmissionStatus }) {
  const { t } = useI18n();
  const text: Record<SubmissionStatus, string> = {
    queued: t('status.queued'),
    grading: t('status.grading'),
    graded: t('status.graded'),
    failed: t('status.failed'),
  };
  return <span className={`badge ${TONE[status]}`}>{text[status]}</span>;
}
