// Where a past submission reopens: a program in its playground, a study in Compare (where studies
// are built), both with ?from=<submission id>.
export function isStudyProgram(program: unknown): boolean {
  return typeof program === 'object' && program !== null && (program as { kind?: unknown }).kind === 'study';
}

export function reopenPath(taskId: string, submissionId: string, study: boolean): string {
  return `/tasks/${encodeURIComponent(taskId)}${study ? '/compare' : ''}?from=${encodeURIComponent(submissionId)}`;
}
