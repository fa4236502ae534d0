/**
 * The outcome of one check.
 * @public
 */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly message?: string;
}

/**
 * A named health or readiness check. It must be fast and must not throw.
 * @public
 */
export type Check = () => CheckOutcome;

/**
 * A set of named checks answered together (one for `/healthz`, one for `/readyz`).
 * @public
 */
export class CheckSet {
  readonly #checks = new Map<string, Check>();

  /** Adds or replaces the check called `name`. */
  add(name: string, check: Check): void {
    this.#checks.set(name, check);
  }

  /** Runs every check; a throwing check counts as failed. */
  run(): { ok: boolean; lines: string[] } {
    const lines: string[] = [];
    let ok = true;
    for (const [name, check] of this.#checks) {
      const out = safeRun(check);
      ok &&= out.ok;
      lines.push(
        out.ok ? `[+]${name} ok` : `[-]${name} failed: ${out.message ?? "reason withheld"}`,
      );
    }
    return { ok, lines };
  }
}

function safeRun(check: Check): CheckOutcome {
  try {
    return check();
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : "check threw" };
  }
}
