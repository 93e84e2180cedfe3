import type { PlaygroundProps } from '../pages/task-page.js';

export function ClipPlayground(_props: PlaygroundProps) {
  return null;
}
