// Compare: the same dev cases through 2-4 models or 2-4 program variants, run one after another,
// then a bar chart of the metric, a per-case grid and tables to export for the write-up. On a
// study task the columns are the study's variants, and the study can be submitted from here.
import { useEffect, useMemo, useState } from 'react';
import type { PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { buildColumns, columnLimits, type CompareSetup } from '../lib/compare-setup.js';
import { perCaseTable, summaryTable, type ComparedColumn } from '../lib/comparison-table.js';
import { caseToExample, selectCases } from '../lib/few-shot.js';
import { inputFieldsOf } from '../lib/program-defaults.js';
import type { StudyDraft } from '../lib/study-draft.js';
import { BarChart } from './bar-chart.js';
import { ModelColumns, VariantColumns } from './column-editors.js';
import { ComparisonGrid } from './comparison-grid.js';
import { ExportButtons } from './export-buttons.js';
import { StudySubmitPanel } from './study-submit-panel.js';
import { useCompareRuns } from './use-compare-runs.js';

type Props = { task: PublicTask; models: ModelInfo[]; base: TextProgram; initial: StudyDraft; onChange?: (state: StudyDraft) => void };

export function Comparison({ task, models, base, initial, onChange }: Props) {
  const { t } = useI18n();
  const [setup, setSetup] = useState<CompareSetup>(initial.setup);
  const [reflection, setReflection] = useState(initial.reflection);
  useEffect(() => onChange?.({ setup, reflection }), [setup, reflection, onChange]);
  const patch = (next: Partial<CompareSetup>) => setSetup((current) => ({ ...current, ...next }));
  const limits = columnLimits(task.study);
  const inputFields = inputFieldsOf(task);
  // Dev cases shown to the model as examples would flatter it: the comparison leaves them out.
  const pool = useMemo(() => {
    const examples = new Set(base.examples.map((e) => JSON.stringify(e)));
    return task.dev.filter((c) => !examples.has(JSON.stringify(caseToExample(c, inputFields))));
  }, [task.dev, base.examples, inputFields]);
  const [caseCount, setCaseCount] = useState(Math.min(20, pool.length));
  const [seed, setSeed] = useState(0);
  const { runs, ran, running, finished, start, cancel } = useCompareRuns(task.id);
  const variantName = (number: number) => t('compare.variantN', { number });
  // biome-ignore lint/correctness/useExhaustiveDependencies: variantName is derived from t, which is listed
  const columns = useMemo(() => buildColumns(setup, base, models, { variant: variantName }), [setup, base, models, t]);
  const compared: ComparedColumn[] = ran ? ran.columns.map((c, i) => ({ name: c.name, model: c.model, report: runs?.[i]?.report ?? null })) : [];
  const run = () =>
    void start(
      columns,
      (seed === 0 ? pool.slice(0, caseCount) : selectCases(pool, 'random', caseCount, seed)).map((c) => c.id),
    );

  return (
    <>
      <section className="panel" aria-labelledby="compare-setup">
        <h2 id="compare-setup" className="panel-title">
          {task.study ? t('compare.setupStudy') : t('compare.setup')}
        </h2>
        <div className="segmented" role="group" aria-label={t('compare.mode')}>
          {(['models', 'variants'] as const).map((mode) => (
            <button key={mode} type="button" aria-pressed={setup.mode === mode} className={setup.mode === mode ? 'active' : ''} onClick={() => patch({ mode })}>
              {mode === 'models' ? t('compare.modeModels') : t('compare.modeVariants')}
            </button>
          ))}
        </div>
        <p className="help">{setup.mode === 'models' ? t('compare.modelsHelp') : t('compare.variantsHelp')}</p>
        {setup.mode === 'models' ? (
          <ModelColumns
            models={models}
            value={setup.modelColumns}
            onChange={(modelColumns) => patch({ modelColumns })}
            limits={limits}
            roles={task.study?.roles ?? []}
            named={task.study !== null}
          />
        ) : (
          <>
            <div className="field">
              <label htmlFor="variant-model">{t('program.model')}</label>
              <select id="variant-model" value={setup.variantModel} onChange={(event) => patch({ variantModel: event.target.value })}>
                {models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
            <VariantColumns
              value={setup.variants}
              onChange={(variants) => patch({ variants })}
              maxExamples={base.examples.length}
              limits={limits}
              pool={task.dev}
              inputFields={inputFields}
              taskMaxExamples={task.limits.maxExamples}
              base={base}
            />
          </>
        )}
        <div className="inline-fields">
          <div className="field narrow">
            <label htmlFor="compare-cases">{t('compare.cases', { max: pool.length })}</label>
            <input
              id="compare-cases"
              type="number"
              min={1}
              max={pool.length}
              value={caseCount}
              onChange={(event) => setCaseCount(Math.max(1, Math.min(pool.length, Math.trunc(Number(event.target.value) || 1))))}
            />
          </div>
          <div className="field narrow">
            <label htmlFor="compare-seed">{t('compare.seed')}</label>
            <input
              id="compare-seed"
              type="number"
              min={0}
              value={seed}
              onChange={(event) => setSeed(Math.max(0, Math.trunc(Number(event.target.value) || 0)))}
              aria-describedby="compare-seed-help"
            />
          </div>
          <div className="field" style={{ flex: '0 0 auto' }}>
            {running ? (
              <button type="button" className="button secondary" onClick={cancel}>
                {t('common.cancel')}
              </button>
            ) : (
              <button type="button" className="button primary" onClick={run} disabled={pool.length === 0}>
                {t('compare.run', { columns: columns.length, cases: caseCount })}
              </button>
            )}
          </div>
        </div>
        <p id="compare-seed-help" className="help">
          {t('compare.seedHelp')}
        </p>
      </section>
      {runs && ran ? (
        <section className="panel" aria-labelledby="compare-results" aria-busy={running}>
          <h2 id="compare-results" className="panel-title">
            {t('compare.results')}
          </h2>
          {runs.map((item, index) =>
            item.status === 'running' || item.status === 'waiting' ? (
              <ProgressBar
                key={index}
                label={ran.columns[index]!.name}
                done={item.progress?.done ?? 0}
                total={item.progress?.total ?? ran.caseIds.length}
                errored={item.progress?.errored ?? 0}
              />
            ) : item.status === 'error' && item.error ? (
              <ErrorBox key={index} error={item.error} title={t('devRun.failed', { model: ran.columns[index]!.name })} />
            ) : null,
          )}
          {finished ? (
            <>
              <BarChart bars={compared.map((c) => ({ name: c.name, value: c.report?.metric ?? null }))} aggregate={task.metric.aggregate} />
              <ExportButtons tables={{ summary: summaryTable(compared), perCase: perCaseTable(compared, ran.caseIds) }} fileStem={`${task.id}-${setup.mode}`} />
              <ComparisonGrid columns={compared} caseIds={ran.caseIds} threshold={task.metric.threshold} />
            </>
          ) : null}
        </section>
      ) : null}
      {task.study ? (
        <StudySubmitPanel task={task} study={task.study} columns={columns} models={models} reflection={reflection} onReflection={setReflection} />
      ) : null}
    </>
  );
}
