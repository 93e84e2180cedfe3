// The cases of a task with their statistics: id, split, the data line to fix, expected answer,
// how many counted programs got it right, discrimination, the reference's result and why a case is
// flagged. The flagged list and the full list are the same table over different rows.
import type { CaseItem } from '../../../server/core/analysis-api.js';
import { useI18n } from '../i18n/i18n.js';
import { caseFlagText } from './case-flag-text.js';

export function ItemCasesTable({ cases, caption, testId }: { cases: CaseItem[]; caption: string; testId: string }) {
  const i18n = useI18n();
  const { t, number, percent } = i18n;
  return (
    <div className="table-scroll">
      <table data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analysis.items.case')}</th>
            <th scope="col">{t('analysis.items.split')}</th>
            <th scope="col">{t('analysis.items.line')}</th>
            <th scope="col">{t('analysis.items.expected')}</th>
            <th scope="col" className="numeric">
              {t('analysis.items.right')}
            </th>
            <th scope="col" className="numeric">
              {t('analysis.items.difficulty')}
            </th>
            <th scope="col" className="numeric">
              {t('analysis.items.discrimination')}
            </th>
            <th scope="col">{t('analysis.items.reference')}</th>
            <th scope="col">{t('analysis.items.why')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={`${c.split}:${c.caseId}`} data-case={c.caseId} data-flagged={c.flags.length > 0}>
              <th scope="row">{c.caseId}</th>
              <td>{c.split === 'test' ? t('analysis.items.hidden') : t('analysis.items.dev')}</td>
              <td>
                <code>{c.line ?? '—'}</code>
              </td>
              <td>{c.expected}</td>
              <td className="numeric">{t('analysis.items.rightOf', { right: c.right, answered: c.answered })}</td>
              <td className="numeric">{c.difficulty === null ? '—' : percent(c.difficulty, 0)}</td>
              <td className="numeric">{c.discrimination === null ? '—' : number(c.discrimination, 2)}</td>
              <td>{c.referenceRight === null ? '—' : c.referenceRight ? t('analysis.items.refRight') : t('analysis.items.refWrong')}</td>
              <td>
                {c.flags.length ? (
                  <ul className="flag-list">
                    {c.flags.map((flag) => (
                      <li key={flag.kind}>{caseFlagText(flag, i18n)}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
