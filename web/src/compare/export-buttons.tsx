// Export a comparison for a write-up: copy as Markdown, or download as CSV.
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { toCsv, toMarkdownTable } from '../lib/export-table.js';
import type { Table } from '../lib/comparison-table.js';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportButtons({ tables, fileStem }: { tables: { summary: Table; perCase: Table }; fileStem: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const markdown = (table: Table) => toMarkdownTable(table.header, table.rows);
  const copy = async (key: string, text: string) => {
    setShown(text);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(key);
    } catch {
      setCopied(null); // clipboard refused (insecure origin): the text is shown below to copy by hand
    }
  };
  return (
    <div className="export">
      <div className="actions">
        <button type="button" className="button secondary small" onClick={() => void copy('summary', markdown(tables.summary))}>
          {copied === 'summary' ? t('common.copied') : t('compare.copySummary')}
        </button>
        <button type="button" className="button secondary small" onClick={() => void copy('cases', markdown(tables.perCase))}>
          {copied === 'cases' ? t('common.copied') : t('compare.copyCases')}
        </button>
        <button
          type="button"
          className="button secondary small"
          onClick={() => download(`${fileStem}-summary.csv`, toCsv(tables.summary.header, tables.summary.rows))}
        >
          {t('compare.csvSummary')}
        </button>
        <button
          type="button"
          className="button secondary small"
          onClick={() => download(`${fileStem}-cases.csv`, toCsv(tables.perCase.header, tables.perCase.rows))}
        >
          {t('compare.csvCases')}
        </button>
      </div>
      {shown ? (
        <div className="field">
          <label htmlFor="export-text">{t('compare.exportText')}</label>
          <textarea
            id="export-text"
            className="mono"
            rows={Math.min(12, shown.split('\n').length + 1)}
            readOnly
            value={shown}
            data-testid="export-text"
            onFocus={(event) => event.target.select()}
          />
        </div>
      ) : null}
    </div>
  );
}
