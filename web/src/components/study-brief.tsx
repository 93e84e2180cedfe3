// What a study task asks for, from `task.study`: how many variants, whether they share the model or
// the program, the roles with the models each may use, the pairs of roles that must be one family,
// the reflection, and how the points split between completeness and the best variant's metric.
import type { PublicStudyConfig, PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import { useI18n } from '../i18n/i18n.js';
import { roleModels } from '../lib/compare-setup.js';
import { roleLabel } from '../lib/role-label.js';
import { Link } from '../router/router.js';

type Props = {
  task: PublicTask;
  study: PublicStudyConfig;
  models: readonly ModelInfo[] /** Link to the Compare page, where the study is built and submitted. */;
  linkToCompare: boolean;
};

export function StudyBrief({ task, study, models, linkToCompare }: Props) {
  const { t, percent } = useI18n();
  const { min, max } = study.variants;
  return (
    <section className="panel study-brief" aria-labelledby="study-brief-title" data-testid="study-brief">
      <div className="panel-head">
        <h2 id="study-brief-title" className="panel-title">
          {t('studyBrief.title')}
        </h2>
        {linkToCompare && task.modality === 'text' ? (
          <Link className="button primary" to={`/tasks/${task.id}/compare#study-submit`}>
            {t('studyBrief.build')}
          </Link>
        ) : null}
      </div>
      <p>{t('studyBrief.lead', { variants: min === max ? String(min) : t('studyBrief.range', { min, max }) })}</p>
      <ul className="study-rules">
        {study.sameModel ? <li>{t('studyBrief.sameModel')}</li> : null}
        {study.sameProgram ? <li>{t('studyBrief.sameProgram')}</li> : null}
        {study.pairs.map((pair) => (
          <li key={pair.roles.join('/')}>
            {t('studyBrief.pair', { a: pair.roles[0], b: pair.roles[1], options: pair.models.map(([one, other]) => `${one} + ${other}`).join(', ') })}
          </li>
        ))}
        <li>
          {t('studyBrief.points', {
            share: percent(study.completenessWeight, 0),
            rest: percent(1 - study.completenessWeight, 0),
            metric: task.metric.aggregate,
          })}
        </li>
        {study.reflection.required ? <li>{t('studyBrief.reflection', { min: study.reflection.minWords })}</li> : <li>{t('studyBrief.reflectionOptional')}</li>}
      </ul>
      {study.reflection.prompt ? <blockquote className="reflection-prompt">{study.reflection.prompt}</blockquote> : null}
      {study.roles.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>{t('studyBrief.roles')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('studyBrief.role')}</th>
                <th scope="col">{t('studyBrief.roleWhat')}</th>
                <th scope="col">{t('studyBrief.roleModels')}</th>
              </tr>
            </thead>
            <tbody>
              {study.roles.map((role) => (
                <tr key={role.name}>
                  <th scope="row">{roleLabel(role)}</th>
                  <td>{role.description}</td>
                  <td>
                    {roleModels(role, models)
                      .map((m) => m.label)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {task.modality !== 'text' ? <p className="warn-box">{t('studyBrief.imageText')}</p> : null}
    </section>
  );
}
