// Cases side by side: one row per dev case, the output and score of every compared column.
import { useState } from 'react';
import type { CaseReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';
import { expectedText, isFailure } from '../lib/case-outcome.js';
import { disagreements, type ComparedColumn } from '../lib/comparison-table.js';

export function ComparisonGrid({ columns, caseIds, threshold }: { columns: ComparedColumn[]; caseIds: string[]; threshold: number }) {
  const { t, number } = useI18n();
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const maps = columns.map((column) => new Map<string, CaseReport>((column.report?.cases ?? []).map((c) => [c.caseId, c])));
  const differing = disagreements(columns, caseIds);
  const rows = onlyDiffering ? caseIds.filter((id) => differing.has(id)) : caseIds;
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" checked={onlyDiffering} onChange={(event) => setOnlyDiffering(event.target.checked)} />
        {t('compare.onlyDiffering', { count: differing.size })}
      </label>
      <div className="table-scroll">
        <table className="comparison-grid" data-testid="comparison-grid">
          <caption className="visually-hidden">{t('compare.gridTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.input')}</th>
              <th scope="col">{t('cases.expected')}</th>
              {columns.map((column, index) => (
                <th key={index} scope="col">
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((caseId) => {
              const first = maps.map((m) => m.get(caseId)).find(Boolean);
              return (
                <tr key={caseId}>
                  <td className="case-input pre-wrap">{first?.input ?? caseId}</td>
                  <td className="pre-wrap">{first ? expectedText(first.expected) : ''}</td>
                  {maps.map((cases, index) => {
                    const item = cases.get(caseId);
                    if (!item)
                      return (
                        <td key={index} className="muted">
                          –
                        </td>
                      );
                    const failed = isFailure(item, threshold);
                    return (
                      <td key={index} className={failed ? 'cell-bad' : 'cell-good'}>
                        <span className="pre-wrap">{item.error ? t('cases.error', { error: item.error }) : item.output || t('cases.emptyOutput')}</span>{' '}
                        <span className={`score-pill ${failed ? 'bad' : 'good'}`}>{item.score === null ? t('cases.unscored') : number(item.score, 2)}</span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
