/**
 * A fake clock and delay for tests (style.md habit 30): time moves only when a test advances
 * it, and every delay resolves when its deadline has been passed.
 * @internal
 */
import type { Clock, Delay } from "./clock.ts";

interface Sleeper {
  readonly atMs: number;
  readonly resolve: () => void;
  readonly reject: (reason: Error) => void;
}

/**
 * A manual clock with a matching {@link Delay}. `advance` wakes every sleeper whose deadline
 * has passed; `autoAdvance` makes each delay move the clock by its own length at once.
 * @internal
 */
export class FakeTime implements Clock {
  #nowMs: number;
  #sleepers: Sleeper[] = [];
  /** Every delay requested, in ms, in order. */
  readonly delays: number[] = [];
  /** When true, a delay advances the clock by its length and resolves at once. */
  autoAdvance: boolean;

  constructor(startMs = 1_700_000_000_000, autoAdvance = false) {
    this.#nowMs = startMs;
    this.autoAdvance = autoAdvance;
  }

  now(): number {
    return this.#nowMs;
  }

  /** The delay bound to this clock. */
  readonly delay: Delay = (ms, signal) => {
    this.delays.push(ms);
    if (this.autoAdvance) {
      this.#nowMs += Math.max(0, ms);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(asError(signal.reason));
        return;
      }
      const sleeper = { atMs: this.#nowMs + ms, resolve, reject };
      this.#sleepers.push(sleeper);
      signal?.addEventListener("abort", () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(asError(signal.reason));
      });
    });
  };

  /** Moves time forward and wakes due sleepers. */
  advance(ms: number): void {
    this.#nowMs += ms;
    const due = this.#sleepers.filter((s) => s.atMs <= this.#nowMs);
    this.#sleepers = this.#sleepers.filter((s) => s.atMs > this.#nowMs);
    for (const s of due) s.resolve();
  }

  /** Number of delays still waiting. */
  get sleeping(): number {
    return this.#sleepers.length;
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error("aborted", { cause: reason });
}
