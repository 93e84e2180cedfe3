// What is compared: 2-4 models running the same program, or 2-4 variants of the program on one
// model. On a study task the columns are the study's variants: named, as many as the study asks
// for, and for a role-based study each role's column offers only that role's models.
import type { PublicCase, PublicStudyConfig } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { useI18n } from '../i18n/i18n.js';
import { roleModels, withVariantExamples, type ModelColumn, type Variant } from '../lib/compare-setup.js';
import { roleLabel } from '../lib/role-label.js';
import { ModelOption } from '../components/model-option.js';
import { PoolPicker } from '../text-playground/pool-picker.js';

type Limits = { min: number; max: number };

export function ModelColumns({
  models,
  value,
  onChange,
  limits,
  roles,
  named,
}: {
  models: ModelInfo[];
  value: ModelColumn[];
  onChange: (value: ModelColumn[]) => void;
  limits: Limits;
  roles: PublicStudyConfig['roles'];
  named: boolean;
}) {
  const { t } = useI18n();
  const set = (index: number, patch: Partial<ModelColumn>) => onChange(value.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <div className="columns-editor">
      {value.map((column, index) => {
        // Role columns keep their place (the study names them); extra columns are free.
        const role = roles[index];
        const allowed = role ? roleModels(role, models) : models;
        // A model the role does not allow (from an older draft) stays visible, so the checklist's ✗ makes sense.
        const options = allowed.some((m) => m.id === column.model)
          ? allowed
          : [...allowed, models.find((m) => m.id === column.model) ?? { id: column.model, kind: 'text' as const, provider: '?', label: column.model }];
        const id = `compare-model-${index}`;
        return (
          <div key={index} className="column-card">
            {role ? (
              <p className="role-head">
                <span className="badge">{t('study.role', { role: roleLabel(role) })}</span>{' '}
                {role.description ? <span className="muted small">{role.description}</span> : null}
              </p>
            ) : null}
            {named ? (
              <div className="field">
                <label htmlFor={`${id}-name`}>{t('compare.variantName')}</label>
                <input
                  id={`${id}-name`}
                  value={column.name}
                  placeholder={models.find((m) => m.id === column.model)?.label ?? column.model}
                  maxLength={80}
                  onChange={(event) => set(index, { name: event.target.value })}
                />
              </div>
            ) : null}
            <label htmlFor={id}>{role ? t('compare.roleModel', { role: role.name }) : t('compare.modelN', { number: index + 1 })}</label>
            <div className="inline-fields">
              <select id={id} value={column.model} onChange={(event) => set(index, { model: event.target.value })}>
                {options.map((option) => (
                  <ModelOption key={option.id} model={option} />
                ))}
              </select>
              {value.length > limits.min && !role ? (
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={t('compare.removeColumn', { number: index + 1 })}
                  onClick={() => onChange(value.filter((_, i) => i !== index))}
                >
                  ✕
                </button>
              ) : null}
            </div>
          </div>
        );
      })}
      {value.length < limits.max ? (
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            onChange([
              ...value,
              {
                name: '',
                model:
                  models.find((m) => m.available !== false && !value.some((c) => c.model === m.id))?.id ??
                  models.find((m) => m.available !== false)?.id ??
                  models[0]?.id ??
                  '',
              },
            ])
          }
        >
          {t('compare.addModel')}
        </button>
      ) : null}
    </div>
  );
}

/** `pool`, `inputFields`, `taskMaxExamples`, `base`: a column picks its own few-shot examples from the dev pool. */
export function VariantColumns({
  value,
  onChange,
  maxExamples,
  limits,
  pool = [],
  inputFields = [],
  taskMaxExamples = 0,
  base,
}: {
  value: Variant[];
  onChange: (value: Variant[]) => void;
  maxExamples: number;
  limits: Limits;
  pool?: PublicCase[];
  inputFields?: string[];
  taskMaxExamples?: number;
  base?: TextProgram;
}) {
  const { t } = useI18n();
  const set = (index: number, patch: Partial<Variant>) => onChange(value.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  return (
    <div className="columns-editor variants">
      {value.map((variant, index) => {
        const id = `variant-${index}`;
        // A reopened variant brings its own examples; the others take the draft's.
        const max = variant.source?.examples.length ?? maxExamples;
        return (
          <fieldset key={index} className="column-card">
            <legend>{variant.name || t('compare.variantN', { number: index + 1 })}</legend>
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('compare.variantName')}</label>
              <input id={`${id}-name`} value={variant.name} maxLength={80} onChange={(event) => set(index, { name: event.target.value })} />
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
              <label htmlFor={`${id}-examples`}>{variant.source ? t('compare.examplesOwn', { max }) : t('compare.examplesUsed', { max })}</label>
              <input
                id={`${id}-examples`}
                type="number"
                min={0}
                max={max}
                value={variant.examples}
                onChange={(event) => set(index, { examples: Math.max(0, Math.min(max, Math.trunc(Number(event.target.value) || 0))) })}
              />
            </div>
            {base && pool.length > 0 && taskMaxExamples > 0 ? (
              <PoolPicker
                idPrefix={`${id}-pool`}
                title={t('compare.pickExamples', { count: pool.length })}
                pool={pool}
                inputFields={inputFields}
                examples={(variant.source ?? base).examples.slice(0, variant.examples)}
                maxExamples={taskMaxExamples}
                onChange={(examples) => onChange(value.map((v, i) => (i === index ? withVariantExamples(v, base, examples) : v)))}
              />
            ) : null}
            {value.length > limits.min ? (
              <button type="button" className="button link danger" onClick={() => onChange(value.filter((_, i) => i !== index))}>
                {t('compare.removeVariant')}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {value.length < limits.max ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => onChange([...value, { ...value[value.length - 1]!, name: t('compare.variantN', { number: value.length + 1 }) }])}
        >
          {t('compare.addVariant')}
        </button>
      ) : null}
    </div>
  );
}
