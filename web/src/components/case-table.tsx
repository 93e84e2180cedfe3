// Per-case results (input, output, expected, score) with a filter that brings failures forward.
import { useState, type ReactNode } from 'react';
import type { CaseReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';
import { expectedText, filterCases, isFailure, scoreNotes, type CaseFilter } from '../lib/case-outcome.js';
import { Empty } from './status.js';

/** `renderValue`: how an output or expected value is shown (retrieval: the gallery pictures). */
type Props = {
  cases: readonly CaseReport[];
  threshold?: number;
  renderInput?: (item: CaseReport) => ReactNode;
  renderValue?: (value: unknown, fallback: ReactNode) => ReactNode;
  caption: string;
};

export function CaseTable({ cases, threshold = 1, renderInput, renderValue = (_value, fallback) => fallback, caption }: Props) {
  const { t, number, said } = useI18n();
  const [filter, setFilter] = useState<CaseFilter>('all');
  const counts: Record<CaseFilter, number> = {
    all: cases.length,
    failed: cases.filter((c) => isFailure(c, threshold)).length,
    errored: cases.filter((c) => c.error !== undefined).length,
  };
  const shown = filterCases(cases, filter, threshold);
  const labels: Record<CaseFilter, string> = { all: t('cases.all'), failed: t('cases.failed'), errored: t('cases.errored') };
  return (
    <div className="case-table">
      <div className="segmented" role="group" aria-label={t('cases.filter')}>
        {(Object.keys(labels) as CaseFilter[]).map((key) => (
          <button key={key} type="button" aria-pressed={filter === key} className={filter === key ? 'active' : ''} onClick={() => setFilter(key)}>
            {labels[key]} <span className="count">{counts[key]}</span>
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <Empty>{filter === 'all' ? t('cases.none') : t('cases.noneMatching')}</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.input')}</th>
                <th scope="col">{t('cases.output')}</th>
                <th scope="col">{t('cases.expected')}</th>
                <th scope="col" className="numeric">
                  {t('cases.score')}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <tr key={item.caseId} className={isFailure(item, threshold) ? 'failed' : 'passed'}>
                  <td className="case-input">{renderInput ? renderInput(item) : <span className="pre-wrap">{item.input}</span>}</td>
                  <td>
                    {item.error ? (
                      <span className="error-text">{t('cases.error', { error: said(item.errorSaid ? [item.errorSaid] : undefined, item.error) })}</span>
                    ) : (
                      renderValue(item.output, <span className="pre-wrap">{item.output || <em className="muted">{t('cases.emptyOutput')}</em>}</span>)
                    )}
                    {item.rawOutput && item.rawOutput !== item.output ? (
                      <details className="raw">
                        <summary>{t('cases.raw')}</summary>
                        <pre>{item.rawOutput}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td className="pre-wrap">{renderValue(item.expected, expectedText(item.expected))}</td>
                  <td className="numeric">
                    <span className={`score-pill ${isFailure(item, threshold) ? 'bad' : 'good'}`}>
                      {item.score === null ? t('cases.unscored') : number(item.score, 2)}
                    </span>
                    <span className="visually-hidden">{isFailure(item, threshold) ? t('cases.failedOne') : t('cases.passedOne')}</span>
                    {scoreNotes(item, said).map((note) => (
                      <p key={note} className="score-note">
                        {note}
                      </p>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
