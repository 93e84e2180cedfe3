// Which input the preview shows and a single run uses: a dev case, or the student's own text.
import type { PublicCase } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';

export type CaseChoice = { kind: 'dev'; caseId: string } | { kind: 'custom'; inputs: Record<string, string> };

export function caseRefOf(choice: CaseChoice | null) {
  if (!choice) return null;
  return choice.kind === 'dev' ? { caseId: choice.caseId } : { inputs: choice.inputs };
}

export function CasePicker({
  dev,
  inputFields,
  value,
  onChange,
}: {
  dev: PublicCase[];
  inputFields: string[];
  value: CaseChoice | null;
  onChange: (choice: CaseChoice) => void;
}) {
  const { t } = useI18n();
  const custom = value?.kind === 'custom' ? value.inputs : null;
  return (
    <div className="case-picker">
      <div className="field">
        <label htmlFor="case-choice">{t('run.case')}</label>
        <select
          id="case-choice"
          value={value?.kind === 'dev' ? value.caseId : '__custom'}
          onChange={(event) =>
            onChange(
              event.target.value === '__custom'
                ? { kind: 'custom', inputs: Object.fromEntries(inputFields.map((f) => [f, ''])) }
                : { kind: 'dev', caseId: event.target.value },
            )
          }
        >
          {dev.map((item) => (
            <option key={item.id} value={item.id}>
              {item.id}: {truncate(inputFields.map((f) => item.inputs[f] ?? '').join(' · '), 70)}
            </option>
          ))}
          <option value="__custom">{t('run.customInput')}</option>
        </select>
      </div>
      {custom
        ? inputFields.map((field) => (
            <div key={field} className="field">
              <label htmlFor={`custom-${field}`}>{t('run.customField', { field })}</label>
              <textarea
                id={`custom-${field}`}
                rows={2}
                value={custom[field] ?? ''}
                onChange={(event) => onChange({ kind: 'custom', inputs: { ...custom, [field]: event.target.value } })}
              />
            </div>
          ))
        : null}
    </div>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
