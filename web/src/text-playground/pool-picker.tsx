// Picks few-shot examples from the task's dev pool: by hand, first n, seeded random or
// label-balanced (round robin over labels).
import { useState } from 'react';
import type { PublicCase } from '../../../server/core/api.js';
import type { FewShotExample } from '../../../server/core/prompt-program.js';
import { useI18n } from '../i18n/i18n.js';
import { caseToExample, labelOfCase, selectCases, type SelectionStrategy } from '../lib/few-shot.js';

/** `idPrefix`: distinct element ids when several pickers share a page (one per Compare column). */
type Props = {
  pool: PublicCase[];
  inputFields: string[];
  examples: FewShotExample[];
  maxExamples: number;
  onChange: (examples: FewShotExample[]) => void;
  idPrefix?: string;
  title?: string;
};
type Strategy = SelectionStrategy | 'hand';

export function PoolPicker({ pool, inputFields, examples, maxExamples, onChange, idPrefix = 'pool', title }: Props) {
  const { t } = useI18n();
  const [strategy, setStrategy] = useState<Strategy>('balanced');
  const [count, setCount] = useState(Math.min(4, maxExamples));
  const [seed, setSeed] = useState(1);
  const asExample = (item: PublicCase) => caseToExample(item, inputFields);
  const same = (a: FewShotExample, b: FewShotExample) => JSON.stringify(a) === JSON.stringify(b);
  const used = (item: PublicCase) => examples.some((e) => same(e, asExample(item)));
  const strategies: Record<Strategy, string> = { balanced: t('pool.balanced'), 'first-n': t('pool.firstN'), random: t('pool.random'), hand: t('pool.hand') };
  const apply = () => onChange(selectCases(pool, strategy as SelectionStrategy, Math.min(count, maxExamples), seed).map(asExample));
  if (pool.length === 0) return null;
  return (
    <details className="pool-picker">
      <summary>{title ?? t('pool.title', { count: pool.length })}</summary>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor={`${idPrefix}-strategy`}>{t('pool.strategy')}</label>
          <select id={`${idPrefix}-strategy`} value={strategy} onChange={(event) => setStrategy(event.target.value as Strategy)}>
            {(Object.keys(strategies) as Strategy[]).map((key) => (
              <option key={key} value={key}>
                {strategies[key]}
              </option>
            ))}
          </select>
        </div>
        {strategy !== 'hand' ? (
          <>
            <div className="field narrow">
              <label htmlFor={`${idPrefix}-count`}>{t('pool.count')}</label>
              <input
                id={`${idPrefix}-count`}
                type="number"
                min={0}
                max={maxExamples}
                value={count}
                onChange={(event) => setCount(Math.max(0, Math.min(maxExamples, Number(event.target.value) || 0)))}
              />
            </div>
            {strategy !== 'first-n' ? (
              <div className="field narrow">
                <label htmlFor={`${idPrefix}-seed`}>{t('pool.seed')}</label>
                <input id={`${idPrefix}-seed`} type="number" value={seed} onChange={(event) => setSeed(Math.trunc(Number(event.target.value) || 0))} />
              </div>
            ) : null}
            <button type="button" className="button secondary" onClick={apply}>
              {t('pool.apply')}
            </button>
          </>
        ) : null}
      </div>
      {strategy === 'hand' ? (
        <ul className="pool-list">
          {pool.map((item) => {
            const example = asExample(item);
            const isUsed = used(item);
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="button small secondary"
                  aria-pressed={isUsed}
                  disabled={!isUsed && examples.length >= maxExamples}
                  onClick={() => onChange(isUsed ? examples.filter((e) => !same(e, example)) : [...examples, example])}
                >
                  {isUsed ? t('pool.removeOne') : t('pool.addOne')}
                </button>
                <span className="pool-text">{inputFields.map((f) => item.inputs[f] ?? '').join(' · ')}</span>
                <span className="badge neutral">{labelOfCase(item)}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="help">{t(strategy === 'balanced' ? 'pool.balancedHelp' : strategy === 'random' ? 'pool.randomHelp' : 'pool.firstNHelp')}</p>
      )}
    </details>
  );
}
