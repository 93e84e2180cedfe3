// Two programs side by side, each part (instruction, example, template) with the text both share
// beyond the starter material highlighted (<mark>), and links to both full reports.
import type { PairResponse, PairSide } from '../../../server/core/analysis-api.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/router.js';

function Side({ side, testId }: { side: PairSide; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="pair-side" data-testid={testId}>
      <h3>
        <Link to={`/staff/students/${side.id}`}>{side.name}</Link>
      </h3>
      <p className="muted">
        {t('analysis.pair.model', { model: side.model })} · <Link to={`/staff/submissions/${side.submissionId}`}>{t('analysis.pair.report')}</Link>
      </p>
      {side.sections.length === 0 ? <p className="muted">{t('analysis.pair.empty')}</p> : null}
      {side.sections.map((section) => (
        <div className="pair-section" key={section.label}>
          <p className="pair-label">{section.label}</p>
          <p className="pair-text">
            {section.runs.map((run, index) =>
              run.shared ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: runs are a fixed split of one text
                <mark key={index}>{run.text}</mark>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: runs are a fixed split of one text
                <span key={index}>{run.text}</span>
              ),
            )}
          </p>
        </div>
      ))}
    </div>
  );
}

export function PairView({ pair, onClose }: { pair: PairResponse; onClose: () => void }) {
  const { t, percent } = useI18n();
  return (
    <section className="panel" aria-labelledby="pair-title" data-testid="pair-view">
      <div className="panel-head">
        <h2 id="pair-title" className="panel-title">
          {t('analysis.pair.title')}
        </h2>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('analysis.pair.close')}
        </button>
      </div>
      <p>{t('analysis.pair.similarity', { value: percent(pair.jaccard, 0) })}</p>
      <div className="pair-grid">
        <Side side={pair.a} testId="pair-a" />
        <Side side={pair.b} testId="pair-b" />
      </div>
    </section>
  );
}
