// The table `sandbox serve` prints at start: every configured model, whether it can be used, and
// what the operator should do when not. The same entries feed /readyz and the staff page.
import type { ModelHealthEntry, ModelInfo } from '../core/model.js';

const LABELS: Record<ModelHealthEntry['state'], string> = {
  ready: 'ready',
  unknown: 'not checked yet',
  'missing-key': 'missing key',
  'missing-files': 'missing files',
  unreachable: 'unreachable',
};

export function modelHealthTable(models: ModelInfo[], health: ModelHealthEntry[]): string[] {
  const byId = new Map(health.map((entry) => [entry.id, entry]));
  const rows = models.map((model) => {
    const entry = byId.get(model.id);
    return [model.id, model.provider, entry ? LABELS[entry.state] : LABELS.unknown, entry?.advice ?? ''];
  });
  const header = ['MODEL', 'PROVIDER', 'STATE', 'WHAT TO DO'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** One log line for a change (a breaker opening or closing, a setup error found by a call). */
export function modelHealthChangeLine(entry: ModelHealthEntry, previous: ModelHealthEntry['state']): string {
  return JSON.stringify({
    level: entry.state === 'ready' ? 'info' : 'warn',
    message: `model ${entry.id}: ${LABELS[previous]} -> ${LABELS[entry.state]}`,
    ...(entry.advice ? { advice: entry.advice } : {}),
  });
}
