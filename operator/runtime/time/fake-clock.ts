import { toError } from "./clock.ts";
import type { Clock, Delay } from "./clock.ts";

interface Sleeper {
  readonly dueAt: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A manually advanced {@link Clock} that also provides a matching {@link Delay}.
 *
 * Sleepers wake in due order when {@link FakeClock.advance} moves time past their due time;
 * between wakes the fake yields to the event loop so promise chains settle, which keeps
 * tests free of real sleeps.
 * @public
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  /** Creates a fake clock that starts at `startMs` (default: 2026-01-01T00:00:00Z). */
  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  /** Returns the fake current time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /** The number of sleepers still waiting. */
  get pending(): number {
    return this.#sleepers.length;
  }

  /** A {@link Delay} that waits on this clock instead of real time. */
  readonly delay: Delay = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(toError(signal.reason));
        return;
      }
      const sleeper: Sleeper = { dueAt: this.#now + Math.max(0, ms), seq: this.#seq++, resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          this.#remove(sleeper);
          reject(toError(signal.reason));
        },
        { once: true },
      );
    });

  /**
   * Moves time forward by `ms`, waking every sleeper due on the way in due order.
   * Resolves once the woken work has settled.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (let next = this.#nextDue(target); next !== undefined; next = this.#nextDue(target)) {
      this.#now = Math.max(this.#now, next.dueAt);
      this.#remove(next);
      next.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  #nextDue(target: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.#sleepers) {
      if (s.dueAt > target) continue;
      if (
        best === undefined ||
        s.dueAt < best.dueAt ||
        (s.dueAt === best.dueAt && s.seq < best.seq)
      ) {
        best = s;
      }
    }
    return best;
  }

  #remove(sleeper: Sleeper): void {
    const i = this.#sleepers.indexOf(sleeper);
    if (i >= 0) this.#sleepers.splice(i, 1);
  }
}

/**
 * Lets pending promise callbacks and immediates run.
 * @public
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
