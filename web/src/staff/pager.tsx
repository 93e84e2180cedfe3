// Previous / next through a server-side paged list, with where we are.
import { useI18n } from '../i18n/i18n.js';

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="actions" aria-label={t('desk.pager.label')}>
      <button type="button" className="button secondary small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('desk.pager.previous')}
      </button>
      <span className="muted" data-testid="pager-state">
        {t('desk.pager.state', { page, pages, total })}
      </span>
      <button type="button" className="button secondary small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('desk.pager.next')}
      </button>
    </nav>
  );
}
