// Compare: the same dev cases through 2-4 models or 2-4 program variants, run one after another,
// then a bar chart of the metric, a per-case grid and tables to export for the write-up.
import { useMemo, useRef, useState } from 'react';
import type { PublicTask } from '../../../server/core/api.js';
import type { GradeReport } from '../../../server/core/grade-report.js';
import type { ModelInfo } from '../../../server/core/model.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { runDev, type Progress } from '../api/run-streams.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { cleanTextProgram } from '../lib/clean-program.js';
import { perCaseTable, summaryTable, type ComparedColumn } from '../lib/comparison-table.js';
import { caseToExample, selectCases } from '../lib/few-shot.js';
import { inputFieldsOf } from '../lib/program-defaults.js';
import { BarChart } from './bar-chart.js';
import { ModelColumns, VariantColumns, type Variant } from './column-editors.js';
import { ComparisonGrid } from './comparison-grid.js';
import { ExportButtons } from './export-buttons.js';

type Run = { status: 'waiting' | 'running' | 'done' | 'error'; progress: Progress | null; report: GradeReport | null; error: ApiError | null };
type Column = { name: string; model: string; program: TextProgram };

export function Comparison({ task, models, base }: { task: PublicTask; models: ModelInfo[]; base: TextProgram }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'models' | 'variants'>('models');
  const [modelIds, setModelIds] = useState(() => (models.length > 1 ? [base.model, models.find((m) => m.id !== base.model)!.id] : [base.model, base.model]));
  const [variantModel, setVariantModel] = useState(base.model);
  const [variants, setVariants] = useState<Variant[]>(() => [
    { name: t('compare.zeroShot'), instruction: base.instruction, input: base.template.input, output: base.template.output, examples: 0 },
    { name: t('compare.fewShot'), instruction: base.instruction, input: base.template.input, output: base.template.output, examples: base.examples.length },
  ]);
  const inputFields = inputFieldsOf(task);
  // Dev cases shown to the model as examples would flatter it: the comparison leaves them out.
  const pool = useMemo(() => {
    const examples = new Set(base.examples.map((e) => JSON.stringify(e)));
    return task.dev.filter((c) => !examples.has(JSON.stringify(caseToExample(c, inputFields))));
  }, [task.dev, base.examples, inputFields]);
  const [caseCount, setCaseCount] = useState(Math.min(20, pool.length));
  const [seed, setSeed] = useState(0);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [ran, setRan] = useState<{ columns: Column[]; caseIds: string[] } | null>(null);
  const controller = useRef<AbortController | null>(null);

  const styleOf = (id: string) => models.find((m) => m.id === id)?.style ?? base.style;
  const labelOf = (id: string) => models.find((m) => m.id === id)?.label ?? id;
  const columns: Column[] =
    mode === 'models'
      ? modelIds.map((id) => ({ name: labelOf(id), model: id, program: cleanTextProgram({ ...base, model: id, style: styleOf(id) }) }))
      : variants.map((v, index) => ({
          name: v.name.trim() || t('compare.variantN', { number: index + 1 }),
          model: variantModel,
          program: cleanTextProgram({ ...base, model: variantModel, style: styleOf(variantModel), instruction: v.instruction, template: { ...base.template, input: v.input, output: v.output }, examples: base.examples.slice(0, v.examples) }),
        }));

  const start = async () => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const caseIds = (seed === 0 ? pool.slice(0, caseCount) : selectCases(pool, 'random', caseCount, seed)).map((c) => c.id);
    const frozen = columns;
    setRan({ columns: frozen, caseIds });
    const state: Run[] = frozen.map(() => ({ status: 'waiting', progress: null, report: null, error: null }));
    const update = (index: number, patch: Partial<Run>) => {
      state[index] = { ...state[index]!, ...patch };
      setRuns([...state]);
    };
    setRuns([...state]);
    // One column after another: the same budget and concurrency cap as a student's own runs.
    for (const [index, column] of frozen.entries()) {
      if (current.signal.aborted) return;
      update(index, { status: 'running' });
      try {
        const report = await runDev(task.id, column.program, caseIds, (progress) => update(index, { progress }), current.signal);
        update(index, { status: 'done', report });
      } catch (error) {
        if (current.signal.aborted) return;
        update(index, { status: 'error', error: asApiError(error) });
      }
    }
  };
  const running = runs?.some((r) => r.status === 'running' || r.status === 'waiting') ?? false;
  const compared: ComparedColumn[] = ran ? ran.columns.map((c, i) => ({ name: c.name, model: c.model, report: runs?.[i]?.report ?? null })) : [];
  const finished = runs !== null && !running;

  return (
    <>
      <section className="panel" aria-labelledby="compare-setup">
        <h2 id="compare-setup" className="panel-title">
          {t('compare.setup')}
        </h2>
        <div className="segmented" role="group" aria-label={t('compare.mode')}>
          <button type="button" aria-pressed={mode === 'models'} className={mode === 'models' ? 'active' : ''} onClick={() => setMode('models')}>
            {t('compare.modeModels')}
          </button>
          <button type="button" aria-pressed={mode === 'variants'} className={mode === 'variants' ? 'active' : ''} onClick={() => setMode('variants')}>
            {t('compare.modeVariants')}
          </button>
        </div>
        <p className="help">{mode === 'models' ? t('compare.modelsHelp') : t('compare.variantsHelp')}</p>
        {mode === 'models' ? (
          <ModelColumns models={models} value={modelIds} onChange={setModelIds} />
        ) : (
          <>
            <div className="field">
              <label htmlFor="variant-model">{t('program.model')}</label>
              <select id="variant-model" value={variantModel} onChange={(event) => setVariantModel(event.target.value)}>
                {models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
            <VariantColumns value={variants} onChange={setVariants} maxExamples={base.examples.length} />
          </>
        )}
        <div className="inline-fields">
          <div className="field narrow">
            <label htmlFor="compare-cases">{t('compare.cases', { max: pool.length })}</label>
            <input id="compare-cases" type="number" min={1} max={pool.length} value={caseCount} onChange={(event) => setCaseCount(Math.max(1, Math.min(pool.length, Math.trunc(Number(event.target.value) || 1))))} />
          </div>
          <div className="field narrow">
            <label htmlFor="compare-seed">{t('compare.seed')}</label>
            <input id="compare-seed" type="number" min={0} value={seed} onChange={(event) => setSeed(Math.max(0, Math.trunc(Number(event.target.value) || 0)))} aria-describedby="compare-seed-help" />
          </div>
          <div className="field" style={{ flex: '0 0 auto' }}>
            {running ? (
              <button type="button" className="button secondary" onClick={() => (controller.current?.abort(), setRuns(null))}>
                {t('common.cancel')}
              </button>
            ) : (
              <button type="button" className="button primary" onClick={() => void start()} disabled={pool.length === 0}>
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
          {runs.map((run, index) =>
            run.status === 'running' || run.status === 'waiting' ? (
              <ProgressBar key={index} label={ran.columns[index]!.name} done={run.progress?.done ?? 0} total={run.progress?.total ?? ran.caseIds.length} errored={run.progress?.errored ?? 0} />
            ) : run.status === 'error' && run.error ? (
              <ErrorBox key={index} error={run.error} title={t('devRun.failed', { model: ran.columns[index]!.name })} />
            ) : null,
          )}
          {finished ? (
            <>
              <BarChart bars={compared.map((c) => ({ name: c.name, value: c.report?.metric ?? null }))} aggregate={task.metric.aggregate} />
              <ExportButtons tables={{ summary: summaryTable(compared), perCase: perCaseTable(compared, ran.caseIds) }} fileStem={`${task.id}-${mode}`} />
              <ComparisonGrid columns={compared} caseIds={ran.caseIds} threshold={task.metric.threshold} />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
