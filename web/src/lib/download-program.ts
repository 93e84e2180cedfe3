// The program file students upload to Gradescope (and `sandbox grade --submission` reads): the
// program as the server receives it, with the task id first so the grader knows the task.
export function programFileText(taskId: string, program: object): string {
  return `${JSON.stringify({ task: taskId, ...program }, null, 2)}\n`;
}

/** Saves program.json through a temporary object URL (no server round trip, works offline). */
export function downloadProgram(taskId: string, program: object): void {
  const url = URL.createObjectURL(new Blob([programFileText(taskId, program)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'program.json';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has started the download, not before.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
