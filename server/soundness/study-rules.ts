// A study's rules held against the model catalogue: every role's models are models the task allows,
// and every declared pair of roles (small and larger; base and instruction-tuned) offers only two
// different models of one family (models.yaml `family`). Without pairs, "small" on babbage-002 and
// "larger" on gpt2 would pass as a size comparison across two families.
import type { Task } from '../core/task.js';
import type { ModelCatalogue } from './model-facts.js';
import { step, type SoundnessStep } from './report.js';

const NAME = 'study rules';

export function checkStudyRules(task: Task, catalogue: ModelCatalogue): SoundnessStep {
  const study = task.study;
  if (!study || study.roles.length === 0) return step(NAME, 'not-applicable', study ? 'the study has no roles' : 'not a study');
  const problems: string[] = [];
  for (const role of study.roles) {
    const outside = role.models.filter((id) => !task.models.includes(id));
    if (outside.length) problems.push(`role "${role.name}" offers ${outside.join(', ')}, which task.yaml models: does not allow`);
  }
  for (const pair of study.pairs) {
    const label = `pair ${pair.roles.join('/')}`;
    for (const [first, second] of pair.models) {
      if (first === second) {
        problems.push(`${label}: ${first} and ${second} are the same model; a pair compares two`);
        continue;
      }
      const facts = [first, second].map((id) => ({ id, facts: catalogue(id) }));
      const unknown = facts.filter((f) => !f.facts).map((f) => f.id);
      if (unknown.length) {
        problems.push(`${label}: ${unknown.join(', ')} not in models.yaml`);
        continue;
      }
      const families = facts.map((f) => f.facts!.family);
      if (families.some((family) => family === null))
        problems.push(
          `${label}: ${facts
            .filter((f) => f.facts!.family === null)
            .map((f) => f.id)
            .join(', ')} has no family in models.yaml; add family: so the pair can be proved one family`,
        );
      else if (families[0] !== families[1]) problems.push(`${label}: ${first} (${families[0]}) and ${second} (${families[1]}) are not one family`);
    }
  }
  if (problems.length) return step(NAME, 'fail', "the study's roles and pairs must use allowed models, each pair one family", problems);
  const paired = new Set(study.pairs.flatMap((pair) => pair.roles));
  const unpaired = study.roles.filter((role) => !paired.has(role.name)).map((role) => role.name);
  const summary = `${study.roles.length} roles on allowed models; ${study.pairs.length} pair(s) of one family (${study.pairs.map((p) => p.roles.join('/')).join(', ') || 'none'})`;
  // Roles without a pair may be meant to stand alone; when none is paired, the study compares nothing in one family.
  if (study.pairs.length === 0)
    return step(NAME, 'warn', summary, [
      `no roles are paired (${unpaired.join(', ')}): roles that must be one family (small and larger, base and instruction-tuned) belong under study.pairs, or any two models pass`,
    ]);
  return step(NAME, 'ok', summary);
}
