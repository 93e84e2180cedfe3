// What a submission made now would be: on time, in the grace period, late (how late and the
// penalty) or refused after the cutoff. Computed with the same module the server grades with
// (server/shared/late-policy.ts), against the server's clock, so the preview and the recorded
// outcome agree.
import type { StudentDeadline } from '../../../server/core/api.js';
import { formatInZone, lateness, type Lateness } from '../../../server/shared/late-policy.js';
import { useI18n } from '../i18n/i18n.js';
import { useLatenessText } from './lateness.js';

export function deadlineOutcome(deadline: StudentDeadline, nowMs: number): Lateness {
  return lateness(deadline, nowMs);
}

/** The policy in one sentence: grace, penalty per started day or hour and its cap, which submission counts. */
export function usePolicyText(): (deadline: StudentDeadline) => string {
  const { t, number } = useI18n();
  return (deadline) => {
    const parts: string[] = [];
    if (deadline.graceMs > 0) parts.push(t('deadline.policyGrace', { minutes: number(deadline.graceMs / 60_000, 0) }));
    const late = deadline.late;
    parts.push(
      late.kind === 'none'
        ? t('deadline.policyNoPenalty')
        : t(late.kind === 'per-day' ? 'deadline.policyPerDay' : 'deadline.policyPerHour', { percent: number(late.percent, 1), cap: number(late.cap, 1) }),
    );
    parts.push(t(deadline.counts === 'best' ? 'deadline.countsBest' : deadline.counts === 'last' ? 'deadline.countsLast' : 'deadline.countsBestBeforeDue'));
    return parts.join(' ');
  };
}

export function DeadlineNotice({ deadline, outcome }: { deadline: StudentDeadline; outcome: Lateness }) {
  const { t, locale } = useI18n();
  const policy = usePolicyText();
  const formatLateness = useLatenessText();
  const when = (iso: string) => formatInZone(iso, deadline.timeZone, locale);
  const extended = deadline.extended ? ` ${t('deadline.extended')}` : '';
  if (outcome.status === 'refused') {
    return (
      <p className="error-text" data-testid="deadline-notice" data-status="refused">
        {t('deadline.refused', { date: when(deadline.cutoff!) })}
        {extended}
      </p>
    );
  }
  if (!deadline.due) return null;
  const policyLine = (
    <p className="muted small" data-testid="deadline-policy">
      {policy(deadline)}
    </p>
  );
  if (outcome.status === 'late') {
    return (
      <>
        <p className="warn-box" data-testid="deadline-notice" data-status="late">
          {t('deadline.late', { late: formatLateness(outcome.lateMs), due: when(deadline.due), penalty: outcome.penaltyPercent })}
          {deadline.cutoff ? ` ${t('deadline.cutoff', { date: when(deadline.cutoff) })}` : ''}
          {extended}
        </p>
        {policyLine}
      </>
    );
  }
  return (
    <>
      <p className="muted" data-testid="deadline-notice" data-status={outcome.status}>
        {t(outcome.status === 'grace' ? 'deadline.grace' : 'deadline.onTime', { due: when(deadline.due) })}
        {extended}
      </p>
      {policyLine}
    </>
  );
}
