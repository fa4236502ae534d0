/**
 * One ACMPCAClient per (issuer, region, credentials identity), built lazily and shared by every
 * request of that issuer. The pool never learns where credentials come from: the caller injects
 * a provider and a key that changes when the identity behind it changes.
 * See docs/adr/0016-client-pool.md.
 */
import { ACMPCAClient } from "@aws-sdk/client-acm-pca";
import type { ACMPCAClientConfig } from "@aws-sdk/client-acm-pca";
import type { AwsCredentialIdentityProvider } from "@smithy/types";

import type { PcaMetrics } from "./metrics.ts";
import { PcaRetryStrategy } from "./retry-strategy.ts";
import { attachAttemptMetrics } from "./attempt-metrics.ts";

/** Which client a caller needs. @public */
export interface ClientKey {
  /** Stable identity of the issuer, e.g. `AWSPCAIssuer/ns/name`; {@link ClientPool.release} drops by it. */
  readonly issuerKey: string;
  /** The CA's ARN; its region is used when `region` is absent. */
  readonly caArn: string;
  /** The region to call; default the CA ARN's region. */
  readonly region?: string | undefined;
  /**
   * Identity of the credentials (e.g. the Secret's resourceVersion and the role ARN). A new
   * key builds a new client and drops the issuer's old ones.
   */
  readonly credentialsKey: string;
  /** Where the client gets credentials; called by the SDK, which caches until expiry. */
  readonly credentials: AwsCredentialIdentityProvider;
}

/** Options of {@link ClientPool}. @public */
export interface ClientPoolOptions {
  /**
   * PCA endpoint URL (the emulator's, in tests). Absent: the SDK's own resolution, which
   * honours `AWS_ENDPOINT_URL_ACM_PCA` and `AWS_ENDPOINT_URL`.
   */
  readonly endpoint?: string;
  /** Attempts per call including the first (default 2); see {@link PcaRetryStrategy}. */
  readonly maxAttempts?: number;
  /** Socket connect timeout in ms (default 5000). */
  readonly connectionTimeoutMs?: number;
  /** Idle-socket timeout of one attempt in ms (default 30000). */
  readonly requestTimeoutMs?: number;
  /** Metrics to count each HTTP attempt in. */
  readonly metrics?: PcaMetrics;
  /** Builds a client; for tests (default `new ACMPCAClient`). */
  readonly createClient?: (config: ACMPCAClientConfig) => ACMPCAClient;
}

interface Entry {
  readonly issuerKey: string;
  readonly id: string;
  readonly client: ACMPCAClient;
}

/**
 * The client pool. Clients live until their issuer is released, its credentials change, or
 * the pool is closed; each holds its own keep-alive sockets, freed on destroy.
 * @public
 */
export class ClientPool {
  readonly #options: ClientPoolOptions;
  readonly #entries = new Map<string, Entry>();

  /** Creates an empty pool. */
  constructor(options: ClientPoolOptions = {}) {
    this.#options = options;
  }

  /** Number of live clients. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The client for `key`, built on first use. Building one for a new region or credentials
   * identity of an issuer destroys that issuer's previous clients.
   */
  get(key: ClientKey): ACMPCAClient {
    const region = key.region === undefined || key.region === "" ? regionOf(key.caArn) : key.region;
    const id = JSON.stringify([key.issuerKey, region, key.credentialsKey]);
    const found = this.#entries.get(id);
    if (found !== undefined) return found.client;

    this.release(key.issuerKey);
    const client = this.#build(region, key.credentials);
    this.#entries.set(id, { issuerKey: key.issuerKey, id, client });
    return client;
  }

  /** Destroys every client of `issuerKey` (a deleted or changed issuer); returns how many. */
  release(issuerKey: string): number {
    let dropped = 0;
    for (const entry of [...this.#entries.values()]) {
      if (entry.issuerKey !== issuerKey) continue;
      entry.client.destroy();
      this.#entries.delete(entry.id);
      dropped++;
    }
    return dropped;
  }

  /** Destroys every client (shutdown). */
  close(): void {
    for (const entry of this.#entries.values()) entry.client.destroy();
    this.#entries.clear();
  }

  #build(region: string, credentials: AwsCredentialIdentityProvider): ACMPCAClient {
    const o = this.#options;
    const config: ACMPCAClientConfig = {
      region,
      credentials,
      retryStrategy: new PcaRetryStrategy({ maxAttempts: o.maxAttempts ?? 2 }),
      requestHandler: {
        connectionTimeout: o.connectionTimeoutMs ?? 5000,
        requestTimeout: o.requestTimeoutMs ?? 30_000,
      },
      ...(o.endpoint === undefined ? {} : { endpoint: o.endpoint }),
    };
    const client = (o.createClient ?? ((c) => new ACMPCAClient(c)))(config);
    if (o.metrics !== undefined) attachAttemptMetrics(client, o.metrics);
    return client;
  }
}

/**
 * The region field of an ARN (`arn:partition:service:region:account:resource`).
 * @throws Error when the ARN has no region; issuer validation rejects such ARNs earlier.
 * @internal
 */
export function regionOf(arn: string): string {
  const region = arn.split(":")[3];
  if (region === undefined || region === "") {
    throw new Error(`ca arn ${JSON.stringify(arn)} names no region and no region was given`);
  }
  return region;
}
