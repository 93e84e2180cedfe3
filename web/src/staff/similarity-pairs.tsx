// The pairs a similarity job found, most alike first: both students (links to their staff pages),
// the Jaccard similarity, and a link that opens the two programs side by side.
import type { SimilarityResult } from '../../../server/core/analysis-api.js';
import { Empty } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/router.js';

export function SimilarityPairs({ taskId, result }: { taskId: string; result: SimilarityResult }) {
  const { t, number, percent } = useI18n();
  return (
    <>
      <p data-testid="similarity-summary">
        {t('analysis.similarity.summary', { programs: result.programs, threshold: number(result.threshold, 2), pairs: result.pairs.length })}
      </p>
      {result.pairs.length === 0 ? (
        <Empty>{t('analysis.similarity.noPairs')}</Empty>
      ) : (
        <div className="table-scroll">
          <table data-testid="similar-pairs">
            <caption className="visually-hidden">{t('analysis.similarity.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analysis.similarity.studentA')}</th>
                <th scope="col">{t('analysis.similarity.studentB')}</th>
                <th scope="col" className="numeric">
                  {t('analysis.similarity.score')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('analysis.similarity.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {result.pairs.map((pair) => (
                <tr key={`${pair.a.submissionId}:${pair.b.submissionId}`}>
                  <td>
                    <Link to={`/staff/students/${pair.a.id}`}>{pair.a.name}</Link>
                  </td>
                  <td>
                    <Link to={`/staff/students/${pair.b.id}`}>{pair.b.name}</Link>
                  </td>
                  <td className="numeric">{percent(pair.jaccard, 0)}</td>
                  <td>
                    <Link
                      to={`/staff/similarity?taskId=${encodeURIComponent(taskId)}&a=${encodeURIComponent(pair.a.submissionId)}&b=${encodeURIComponent(pair.b.submissionId)}`}
                    >
                      {t('analysis.similarity.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
