/**
 * Which open requests wait on which issuer, so that an issuer turning ready queues exactly
 * the requests it unblocks instead of every request in the cluster.
 */
export class IssuerWaiters {
  readonly #byIssuer = new Map<string, Set<string>>();
  readonly #byRequest = new Map<string, string>();

  /** Records that `requestKey` waits on `issuerKey` (replacing any earlier wait). */
  wait(requestKey: string, issuerKey: string): void {
    this.done(requestKey);
    let set = this.#byIssuer.get(issuerKey);
    if (set === undefined) {
      set = new Set();
      this.#byIssuer.set(issuerKey, set);
    }
    set.add(requestKey);
    this.#byRequest.set(requestKey, issuerKey);
  }

  /** Forgets `requestKey`: it no longer waits on any issuer. */
  done(requestKey: string): void {
    const issuerKey = this.#byRequest.get(requestKey);
    if (issuerKey === undefined) return;
    this.#byRequest.delete(requestKey);
    const set = this.#byIssuer.get(issuerKey);
    set?.delete(requestKey);
    if (set?.size === 0) this.#byIssuer.delete(issuerKey);
  }

  /** The requests waiting on `issuerKey`. */
  waitingOn(issuerKey: string): readonly string[] {
    return [...(this.#byIssuer.get(issuerKey) ?? [])];
  }
}
