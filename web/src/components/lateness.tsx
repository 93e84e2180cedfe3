// A submission's lateness and its raw vs final points, for the history table and the report page.
import type { SubmissionSummary } from '../../../server/core/api.js';
import { formatLateness } from '../../../server/shared/late-policy.js';
import { useI18n } from '../i18n/i18n.js';

/** How late, with the unit names of the UI language. */
export function useLatenessText(): (lateMs: number) => string {
  const { t } = useI18n();
  return (lateMs) => formatLateness(lateMs, { days: t('deadline.unitDays'), hours: t('deadline.unitHours'), minutes: t('deadline.unitMinutes') });
}

export function LatenessCell({ submission }: { submission: SubmissionSummary }) {
  const { t } = useI18n();
  const formatLateness = useLatenessText();
  const { lateStatus, lateMs, penaltyPercent } = submission;
  if (lateStatus === null) return <span className="muted">–</span>;
  if (lateStatus === 'on-time') return <span data-testid="lateness">{t('deadline.statusOnTime')}</span>;
  if (lateStatus === 'grace') return <span data-testid="lateness">{t('deadline.statusGrace', { late: formatLateness(lateMs ?? 0) })}</span>;
  return (
    <span className="warn" data-testid="lateness">
      {t('deadline.statusLate', { late: formatLateness(lateMs ?? 0), penalty: penaltyPercent ?? 0 })}
    </span>
  );
}

/** Final points; with a penalty, the raw points beside them. */
export function PointsCell({ submission }: { submission: SubmissionSummary }) {
  const { t, number } = useI18n();
  if (submission.points === null) return <>–</>;
  const final = submission.finalPoints ?? submission.points;
  const text = t('metric.pointsValue', { points: number(final, 2), max: number(submission.maxPoints, 1) });
  if (!submission.penaltyPercent) return <>{text}</>;
  return (
    <span data-testid="final-points">
      {text}{' '}
      <span className="muted small">{t('deadline.rawVsFinal', { raw: number(submission.points, 2), penalty: number(submission.penaltyPercent, 1) })}</span>
    </span>
  );
}
