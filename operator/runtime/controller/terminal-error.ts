/**
 * An error a reconciler throws when retrying cannot help (invalid spec, permanent rejection).
 * The worker counts it in `controller_runtime_terminal_reconcile_errors_total`, logs it once and
 * does not requeue the key; the next change to the object queues it again.
 * @public
 */
export class TerminalError extends Error {
  /** Creates a terminal error; pass the underlying failure as `cause`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TerminalError";
  }
}

/**
 * Whether `err`, or any error in its `cause` chain, is a {@link TerminalError}.
 * @public
 */
export function isTerminalError(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof TerminalError) return true;
  }
  return false;
}
