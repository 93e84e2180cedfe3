// What `sandbox tasks check` reports about one task beyond loading it: a list of steps, each ok,
// failed, a warning, or NOT RUN with the reason. A step that did not run is never counted as
// passed; a warning (something staff should look at, such as a target above what a paraphrasing
// human scores) does not fail the check.
export type StepStatus = 'ok' | 'warn' | 'fail' | 'not-run' | 'not-applicable';

export type SoundnessStep = {
  /** Short name shown in the report, e.g. "oracle". */
  name: string;
  status: StepStatus;
  /** One line: what was checked and found, or why the step did not run. */
  summary: string;
  /** Every problem found, each naming its file or case; empty unless status is "fail" or "warn". */
  problems: string[];
};

export type TaskSoundness = { taskId: string; steps: SoundnessStep[] };

export function step(name: string, status: StepStatus, summary: string, problems: string[] = []): SoundnessStep {
  return { name, status, summary, problems };
}

export function failed(soundness: TaskSoundness): boolean {
  return soundness.steps.some((s) => s.status === 'fail');
}

export function warned(soundness: TaskSoundness): boolean {
  return soundness.steps.some((s) => s.status === 'warn');
}
