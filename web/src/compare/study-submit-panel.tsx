// "Submit as study": the compared columns become the study's variants. The student writes the
// reflection (live word count), reads a preview of the grader's completeness checks, and confirms
// with the submissions left today; the report page then follows the grading live.
import { useEffect, useMemo, useState } from 'react';
import type { PublicStudyConfig, PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import { SubmitDialog } from '../components/submit-dialog.js';
import { useI18n } from '../i18n/i18n.js';
import type { Column } from '../lib/compare-setup.js';
import { countWords } from '../../../server/shared/count-words.js';
import { studyBlockers, studyChecklist } from '../lib/study-checklist.js';
import { assembleStudy } from '../lib/study-setup.js';
import { ReflectionField } from './reflection-field.js';
import { StudyChecklist } from './study-checklist.js';
import { useVariantProblems } from './use-variant-problems.js';

type Props = { task: PublicTask; study: PublicStudyConfig; columns: Column[]; models: ModelInfo[]; reflection: string; onReflection: (value: string) => void };

export function StudySubmitPanel({ task, study, columns, models, reflection, onReflection }: Props) {
  const { t, percent } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const program = useMemo(() => assembleStudy(columns, reflection, task.id), [columns, reflection, task.id]);
  const checklist = studyChecklist(program, study);
  const blockers = studyBlockers({ variants: columns, reflection });
  const problems = useVariantProblems(
    task.id,
    program.variants.map((v, i) => ({ ...columns[i]!, name: v.name })),
  );
  const blocked = blockers.length > 0 || (problems.status === 'done' && problems.problems.length > 0) || problems.status === 'checking';
  const failing = checklist.filter((c) => !c.passed).length;
  const labelOf = (id: string) => models.find((m) => m.id === id)?.label ?? id;
  // The playground's "Submit as study" link lands here.
  useEffect(() => {
    if (window.location.hash === '#study-submit') document.getElementById('study-submit')?.scrollIntoView({ block: 'start' });
  }, []);

  return (
    <section className="panel study-submit" id="study-submit" aria-labelledby="study-submit-title">
      <h2 id="study-submit-title" className="panel-title">
        {t('study.submitTitle')}
      </h2>
      <p className="help">{t('study.submitIntro', { count: columns.length, share: percent(study.completenessWeight, 0) })}</p>
      <div className="table-scroll">
        <table data-testid="study-variants">
          <caption className="visually-hidden">{t('study.variantsToSubmit')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('study.variant')}</th>
              <th scope="col">{t('program.model')}</th>
            </tr>
          </thead>
          <tbody>
            {program.variants.map((variant, index) => (
              <tr key={index}>
                <th scope="row">{variant.name || <em className="error-text">{t('study.unnamed')}</em>}</th>
                <td>{labelOf(variant.program.model)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReflectionField config={study.reflection} value={reflection} onChange={onReflection} />
      <StudyChecklist items={checklist} blockers={blockers} problems={problems} />
      <div className="actions">
        <button type="button" className="button primary" onClick={() => setConfirming(true)} disabled={blocked}>
          {t('study.submitButton')}
        </button>
      </div>
      {confirming ? (
        <SubmitDialog
          task={task}
          program={program}
          explain={t('study.submitExplain', { variants: program.variants.length, count: task.testCount })}
          summary={t('study.submitSummary', {
            variants: program.variants.map((v) => `${v.name} (${labelOf(v.program.model)})`).join(' · '),
            words: countWords(program.reflection),
          })}
          warning={failing ? t('study.submitWarning', { count: failing }) : null}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
