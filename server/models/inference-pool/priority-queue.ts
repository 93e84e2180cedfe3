// Two-level first-in-first-out queue: interactive calls (a student waiting at the playground, a
// dev run) leave before batch calls (submission grading). A class's 60-case submissions can fill
// the batch level without delaying a playground run by more than the calls already running.
import type { CallPriority } from '../../core/model.js';

export class PriorityQueue<T> {
  readonly #levels: Record<CallPriority, T[]> = { interactive: [], batch: [] };

  get size(): number {
    return this.#levels.interactive.length + this.#levels.batch.length;
  }

  sizes(): Record<CallPriority, number> {
    return { interactive: this.#levels.interactive.length, batch: this.#levels.batch.length };
  }

  push(item: T, priority: CallPriority): void {
    this.#levels[priority].push(item);
  }

  shift(): T | undefined {
    return this.#levels.interactive.shift() ?? this.#levels.batch.shift();
  }

  /** Removes a queued item (a call cancelled before it started); false when it is not queued. */
  remove(item: T): boolean {
    for (const level of Object.values(this.#levels)) {
      const index = level.indexOf(item);
      if (index !== -1) {
        level.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  drain(): T[] {
    const all = [...this.#levels.interactive, ...this.#levels.batch];
    this.#levels.interactive = [];
    this.#levels.batch = [];
    return all;
  }
}
