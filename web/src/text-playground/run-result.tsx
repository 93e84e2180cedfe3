// The streamed output of one run, then the answer read from it, the expected answer for a dev
// case, and the cost of the call.
import type { PublicCase } from '../../../server/core/api.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { expectedText } from '../lib/case-outcome.js';
import type { RunOneState } from './use-run-one.js';

export function RunResultView({ state, devCase, modelLabel }: { state: RunOneState; devCase: PublicCase | null; modelLabel: string }) {
  const { t, number } = useI18n();
  if (state.status === 'idle') return <p className="muted small">{t('run.hint')}</p>;
  const result = state.status === 'done' ? state.result : null;
  return (
    <div className="run-result">
      <div className="output-box" aria-live="polite" aria-busy={state.status === 'running'} data-testid="run-output">
        <span className="pre-wrap">{state.text}</span>
        {state.status === 'running' ? <span className="cursor blink" aria-hidden="true" /> : null}
        {state.status !== 'running' && !state.text && !result?.ranking ? <em className="muted">{t('cases.emptyOutput')}</em> : null}
      </div>
      {state.status === 'error' ? <ErrorBox error={state.error} title={t('run.failed', { model: modelLabel })} /> : null}
      {result ? (
        <dl className="facts compact">
          <div>
            <dt>{t('run.answer')}</dt>
            <dd className="pre-wrap">{result.predicted ?? result.output}</dd>
          </div>
          {devCase ? (
            <div>
              <dt>{t('cases.expected')}</dt>
              <dd className="pre-wrap">{expectedText(devCase.expected)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('run.usage')}</dt>
            <dd>{t('run.usageValue', { prompt: result.usage.promptTokens, completion: result.usage.completionTokens })}</dd>
          </div>
          <div>
            <dt>{t('run.latency')}</dt>
            <dd>
              {t('run.latencyValue', { ms: number(result.latencyMs, 0) })}
              {result.cacheHit ? ` · ${t('run.cached')}` : ''}
            </dd>
          </div>
        </dl>
      ) : null}
      {result?.probabilities ? (
        <ul className="choice-scores">
          {Object.entries(result.probabilities)
            .sort((a, b) => b[1] - a[1])
            .map(([label, p]) => (
              <li key={label}>
                <span>{label}</span>
                <span className="bar" style={{ width: `${p * 100}%` }} aria-hidden="true" />
                <span className="muted">{number(p * 100, 1)}%</span>
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}
