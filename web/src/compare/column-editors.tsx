// What is compared: 2-4 models running the same program, or 2-4 variants of the program on one model.
import type { ModelInfo } from '../../../server/core/model.js';
import { useI18n } from '../i18n/i18n.js';

export type Variant = { name: string; instruction: string; input: string; output: string; examples: number };
export const MIN_COLUMNS = 2;
export const MAX_COLUMNS = 4;

export function ModelColumns({ models, value, onChange }: { models: ModelInfo[]; value: string[]; onChange: (value: string[]) => void }) {
  const { t } = useI18n();
  return (
    <div className="columns-editor">
      {value.map((model, index) => (
        <div key={index} className="column-card">
          <label htmlFor={`compare-model-${index}`}>{t('compare.modelN', { number: index + 1 })}</label>
          <div className="inline-fields">
            <select id={`compare-model-${index}`} value={model} onChange={(event) => onChange(value.map((m, i) => (i === index ? event.target.value : m)))}>
              {models.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
            {value.length > MIN_COLUMNS ? (
              <button type="button" className="icon-button danger" aria-label={t('compare.removeColumn', { number: index + 1 })} onClick={() => onChange(value.filter((_, i) => i !== index))}>
                ✕
              </button>
            ) : null}
          </div>
        </div>
      ))}
      {value.length < MAX_COLUMNS ? (
        <button type="button" className="button secondary" onClick={() => onChange([...value, models.find((m) => !value.includes(m.id))?.id ?? models[0]?.id ?? ''])}>
          {t('compare.addModel')}
        </button>
      ) : null}
    </div>
  );
}

export function VariantColumns({ value, onChange, maxExamples }: { value: Variant[]; onChange: (value: Variant[]) => void; maxExamples: number }) {
  const { t } = useI18n();
  const set = (index: number, patch: Partial<Variant>) => onChange(value.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  return (
    <div className="columns-editor variants">
      {value.map((variant, index) => {
        const id = `variant-${index}`;
        return (
          <fieldset key={index} className="column-card">
            <legend>{variant.name || t('compare.variantN', { number: index + 1 })}</legend>
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('compare.variantName')}</label>
              <input id={`${id}-name`} value={variant.name} onChange={(event) => set(index, { name: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-instruction`}>{t('program.instruction')}</label>
              <textarea id={`${id}-instruction`} rows={3} value={variant.instruction} onChange={(event) => set(index, { instruction: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-input`}>{t('template.input')}</label>
              <input id={`${id}-input`} value={variant.input} onChange={(event) => set(index, { input: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-output`}>{t('template.output')}</label>
              <input id={`${id}-output`} value={variant.output} onChange={(event) => set(index, { output: event.target.value })} />
            </div>
            <div className="field narrow">
              <label htmlFor={`${id}-examples`}>{t('compare.examplesUsed', { max: maxExamples })}</label>
              <input id={`${id}-examples`} type="number" min={0} max={maxExamples} value={variant.examples} onChange={(event) => set(index, { examples: Math.max(0, Math.min(maxExamples, Math.trunc(Number(event.target.value) || 0))) })} />
            </div>
            {value.length > MIN_COLUMNS ? (
              <button type="button" className="button link danger" onClick={() => onChange(value.filter((_, i) => i !== index))}>
                {t('compare.removeVariant')}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {value.length < MAX_COLUMNS ? (
        <button type="button" className="button secondary" onClick={() => onChange([...value, { ...value[value.length - 1]!, name: t('compare.variantN', { number: value.length + 1 }) }])}>
          {t('compare.addVariant')}
        </button>
      ) : null}
    </div>
  );
}
