// Confusion matrix as a heat map: rows are the expected labels, columns the predicted ones (the
// last column counts answers that matched no label). Shading is the share of the row, and every
// cell also says its count, so colour is never the only signal.
import type { Confusion } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';

export function ConfusionMatrix({ confusion }: { confusion: Confusion }) {
  const { t } = useI18n();
  const columns = [...confusion.labels, t('confusion.none')];
  const hasNone = confusion.matrix.some((row) => (row[confusion.labels.length] ?? 0) > 0);
  const shown = hasNone ? columns : confusion.labels;
  return (
    <figure className="confusion">
      <figcaption>{t('confusion.title')}</figcaption>
      <div className="table-scroll">
        <table className="heat-map" data-testid="confusion-matrix">
          <thead>
            <tr>
              <th scope="col">
                <span className="axis">{t('confusion.axis')}</span>
              </th>
              {shown.map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.labels.map((expected, row) => {
              const cells = confusion.matrix[row] ?? [];
              const total = cells.reduce((sum, n) => sum + n, 0);
              return (
                <tr key={expected}>
                  <th scope="row">{expected}</th>
                  {shown.map((predicted, column) => {
                    const count = cells[column] ?? 0;
                    const share = total ? count / total : 0;
                    const diagonal = row === column;
                    return (
                      <td
                        key={predicted}
                        className={`cell ${diagonal ? 'diagonal' : 'off'}${share >= 0.55 ? ' strong' : ''}`}
                        style={{ ['--share' as string]: share.toFixed(3) }}
                        aria-label={t('confusion.cell', { count, expected, predicted })}
                      >
                        {count}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
