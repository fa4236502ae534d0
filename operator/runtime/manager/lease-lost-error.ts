/**
 * Ends {@link Manager.start} when leadership was lost while running. The process should
 * exit and be restarted, as with controller-runtime.
 * @public
 */
export class LeaseLostError extends Error {
  /** Creates the error for the Lease `lock` (`namespace/name`). */
  constructor(lock: string) {
    super(`leader election lost for lease ${lock}`);
    this.name = "LeaseLostError";
  }
}
