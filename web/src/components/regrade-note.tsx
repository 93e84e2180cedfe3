// "Regraded on <date>; before: 6.25 points" under a submission that staff re-graded.
import type { SubmissionSummary } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';

export function RegradeNote({ submission }: { submission: SubmissionSummary }) {
  const { t, date, number } = useI18n();
  const regrade = submission.regrade;
  if (!regrade) return null;
  const before = regrade.previousPoints === null ? t('desk.regrade.previousFailed') : number(regrade.previousPoints, 2);
  return (
    <span className="muted small" data-testid="regrade-note">
      {t('desk.regrade.note', { date: date(regrade.at), before })}
    </span>
  );
}
