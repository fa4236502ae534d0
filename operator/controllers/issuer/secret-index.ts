/**
 * Which issuers read which Secret: the index behind the Secret watch's `mapToKeys`. The
 * controller keeps it current on every reconcile, so a Secret event costs one map lookup and
 * unreferenced Secrets map to nothing.
 */

/**
 * A two-way index between Secret keys (`namespace/name`) and the queue keys of the issuers
 * that reference them. Each issuer references at most one Secret.
 * @public
 */
export class SecretIndex {
  readonly #bySecret = new Map<string, Set<string>>();
  readonly #byIssuer = new Map<string, string>();

  /** Number of Secrets referenced by at least one issuer. */
  get size(): number {
    return this.#bySecret.size;
  }

  /**
   * Records that issuer `issuerKey` reads Secret `secretKey`, replacing what it read before;
   * `undefined` records that it reads none.
   */
  set(issuerKey: string, secretKey: string | undefined): void {
    const previous = this.#byIssuer.get(issuerKey);
    if (previous === secretKey) return;
    this.delete(issuerKey);
    if (secretKey === undefined) return;
    this.#byIssuer.set(issuerKey, secretKey);
    let issuers = this.#bySecret.get(secretKey);
    if (issuers === undefined) {
      issuers = new Set();
      this.#bySecret.set(secretKey, issuers);
    }
    issuers.add(issuerKey);
  }

  /** Forgets issuer `issuerKey`. */
  delete(issuerKey: string): void {
    const secretKey = this.#byIssuer.get(issuerKey);
    if (secretKey === undefined) return;
    this.#byIssuer.delete(issuerKey);
    const issuers = this.#bySecret.get(secretKey);
    issuers?.delete(issuerKey);
    if (issuers?.size === 0) this.#bySecret.delete(secretKey);
  }

  /** The issuers reading Secret `secretKey`; empty when none does. */
  issuersOf(secretKey: string): string[] {
    return [...(this.#bySecret.get(secretKey) ?? [])];
  }
}
