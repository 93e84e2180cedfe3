// The few-shot example table: edit, add, remove and reorder examples; pick them from the dev pool.
import type { FewShotExample } from '../../../server/core/prompt-program.js';
import type { PublicCase } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';
import { PoolPicker } from './pool-picker.js';

type Props = {
  examples: FewShotExample[];
  onChange: (examples: FewShotExample[]) => void;
  inputFields: string[];
  maxExamples: number;
  pool: PublicCase[];
};

function move<T>(items: T[], from: number, to: number): T[] {
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

export function ExamplesEditor({ examples, onChange, inputFields, maxExamples, pool }: Props) {
  const { t } = useI18n();
  const update = (index: number, example: FewShotExample) => onChange(examples.map((e, i) => (i === index ? example : e)));
  const blank = (): FewShotExample => ({ input: inputFields.length === 1 ? '' : Object.fromEntries(inputFields.map((f) => [f, ''])), output: '' });
  const full = examples.length >= maxExamples;
  return (
    <fieldset className="examples">
      <legend>
        {t('examples.title')} <span className="muted">{t('examples.count', { count: examples.length, max: maxExamples })}</span>
      </legend>
      {examples.length === 0 ? <p className="empty small">{t('examples.none')}</p> : null}
      <ol className="example-list">
        {examples.map((example, index) => {
          const number = index + 1;
          return (
            <li key={index} className="example-row">
              <div className="example-fields">
                {inputFields.map((field) => {
                  const id = `example-${index}-${field}`;
                  const value = typeof example.input === 'string' ? example.input : (example.input[field] ?? '');
                  return (
                    <div key={field} className="field">
                      <label htmlFor={id}>{t('examples.input', { number, field })}</label>
                      <textarea
                        id={id}
                        rows={2}
                        value={value}
                        onChange={(event) =>
                          update(index, {
                            ...example,
                            input:
                              inputFields.length === 1
                                ? event.target.value
                                : { ...(typeof example.input === 'string' ? {} : example.input), [field]: event.target.value },
                          })
                        }
                      />
                    </div>
                  );
                })}
                <div className="field">
                  <label htmlFor={`example-${index}-output`}>{t('examples.output', { number })}</label>
                  <input
                    id={`example-${index}-output`}
                    value={example.output}
                    onChange={(event) => update(index, { ...example, output: event.target.value })}
                  />
                </div>
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('examples.up', { number })}
                  title={t('examples.up', { number })}
                  disabled={index === 0}
                  onClick={() => onChange(move(examples, index, index - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('examples.down', { number })}
                  title={t('examples.down', { number })}
                  disabled={index === examples.length - 1}
                  onClick={() => onChange(move(examples, index, index + 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={t('examples.remove', { number })}
                  title={t('examples.remove', { number })}
                  onClick={() => onChange(examples.filter((_, i) => i !== index))}
                >
                  ✕
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="button" className="button secondary" disabled={full} onClick={() => onChange([...examples, blank()])}>
          {t('examples.add')}
        </button>
        {examples.length > 0 ? (
          <button type="button" className="button link" onClick={() => onChange([])}>
            {t('examples.clear')}
          </button>
        ) : null}
        {full ? <span className="muted small">{t('examples.full')}</span> : null}
      </div>
      <PoolPicker pool={pool} inputFields={inputFields} examples={examples} maxExamples={maxExamples} onChange={onChange} />
    </fieldset>
  );
}
