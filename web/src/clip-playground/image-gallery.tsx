// The task's dev images. Selecting one classifies it; after a dev run each image shows whether
// the program got it right.
import type { PublicCase } from '../../../server/core/api.js';
import type { CaseReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';
import { expectedText } from '../lib/case-outcome.js';

type Props = { cases: PublicCase[]; selected: string | null; onSelect: (item: PublicCase) => void; outcomes: Map<string, CaseReport> | null };

export function ImageGallery({ cases, selected, onSelect, outcomes }: Props) {
  const { t } = useI18n();
  const withImages = cases.filter((c) => c.image);
  if (withImages.length === 0) return <p className="empty">{t('clip.noImages')}</p>;
  return (
    <ul className="gallery" aria-label={t('clip.gallery')}>
      {withImages.map((item) => {
        const outcome = outcomes?.get(item.id);
        const right = outcome ? outcome.score !== null && outcome.score >= 1 && !outcome.error : null;
        const expected = expectedText(item.expected);
        return (
          <li key={item.id}>
            <button
              type="button"
              className={`gallery-item ${selected === item.id ? 'selected' : ''}`}
              aria-pressed={selected === item.id}
              aria-label={t('clip.imageLabel', { id: item.id, label: expected })}
              onClick={() => onSelect(item)}
            >
              <img src={item.image} alt="" loading="lazy" width={96} height={96} />
              <span className="gallery-caption">{expected}</span>
              {right !== null ? (
                <span className={`badge ${right ? 'good' : 'bad'}`}>{right ? '✓' : `✗ ${outcome?.predicted ?? outcome?.output ?? ''}`}</span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
