import type { SigningIssuer } from "../pca/index.ts";

/** What the issuer controller last concluded about one issuer. */
export interface IssuerState {
  /** Whether the issuer may sign: spec valid, credentials resolved and the CA ACTIVE. */
  readonly ready: boolean;
  /** The Ready condition's reason, for requests that wait on this issuer. */
  readonly reason: string;
  /** The Ready condition's message. */
  readonly message: string;
  /** How to sign with it; present when `ready`. */
  readonly signing?: SigningIssuer;
}

/** Called with an issuer's registry key whenever its state changes. */
export type IssuerListener = (key: string) => void;

/**
 * The in-memory hand-off between the issuer controllers (which resolve specs, credentials and
 * CA facts) and the CertificateRequest controller (which signs). Only the issuer controllers
 * write; the request controller reads and subscribes, so a request waiting on an issuer is
 * queued again the moment that issuer turns ready.
 */
export class IssuerRegistry {
  readonly #states = new Map<string, IssuerState>();
  readonly #listeners = new Set<IssuerListener>();

  /** The issuer's state, or `undefined` when no issuer controller has seen it (yet). */
  get(key: string): IssuerState | undefined {
    return this.#states.get(key);
  }

  /** Records an issuer's state and tells the listeners. */
  set(key: string, state: IssuerState): void {
    this.#states.set(key, state);
    this.#notify(key);
  }

  /** Forgets a deleted issuer and tells the listeners. */
  delete(key: string): void {
    if (this.#states.delete(key)) this.#notify(key);
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  subscribe(listener: IssuerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(key: string): void {
    for (const listener of this.#listeners) listener(key);
  }
}
