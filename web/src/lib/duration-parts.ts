// A waiting or running time split for display ("2 h 5 min", "3 min 4 s", "12 s"): the two largest
// units, so a queue of hours does not read as a wall of seconds. Pure, tested in test/web.
export type DurationParts = { unit: 'h-min' | 'min-s' | 's'; a: number; b: number };

export function durationParts(ms: number): DurationParts {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds >= 3600) return { unit: 'h-min', a: Math.floor(seconds / 3600), b: Math.floor((seconds % 3600) / 60) };
  if (seconds >= 60) return { unit: 'min-s', a: Math.floor(seconds / 60), b: seconds % 60 };
  return { unit: 's', a: seconds, b: 0 };
}
