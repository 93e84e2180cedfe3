// The answer-extraction pattern, checked as the student types and tried on a sample answer with
// the grader's own module (server/core/student-pattern.ts, re2 syntax), so what the field accepts
// and extracts here is exactly what the grader will accept and extract.
import { useMemo, useState } from 'react';
import { compileStudentPattern } from '../../../server/shared/student-pattern.js';
import { useI18n } from '../i18n/i18n.js';

export function ExtractField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const [sample, setSample] = useState('');
  const checked = useMemo(() => (value.trim() ? compileStudentPattern(value) : null), [value]);
  const extracted = checked?.ok && sample ? checked.pattern.extract(sample.trim()) : null;
  return (
    <div className="field">
      <label htmlFor="extract">{t('answer.extract')}</label>
      <input
        id="extract"
        className="mono"
        value={value}
        placeholder="(positive|negative)"
        onChange={(event) => onChange(event.target.value)}
        aria-describedby="extract-help extract-check"
        aria-invalid={checked !== null && !checked.ok}
      />
      <p id="extract-help" className="help">
        {t('answer.extractHelp')}
      </p>
      {checked && !checked.ok ? (
        <p id="extract-check" className="error-text small" role="alert">
          {t('answer.extractInvalid', { problem: checked.problem })}
        </p>
      ) : null}
      {checked?.ok ? (
        <>
          <label htmlFor="extract-sample" className="small">
            {t('answer.extractTry')}
          </label>
          <input id="extract-sample" className="mono" value={sample} onChange={(event) => setSample(event.target.value)} />
          {sample ? (
            <p id="extract-check" className="help" aria-live="polite">
              {extracted === null ? t('answer.extractNoMatch') : t('answer.extractResult', { value: extracted.trim() })}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
