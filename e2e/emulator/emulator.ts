/**
 * The emulator as a running object: an HTTP server on loopback plus the handles tests use to
 * create CAs, inject faults, read counters and register identities.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminHandler } from "./admin.ts";
import { bootstrapCa, type CaOptions } from "./bootstrap.ts";
import { defaultSettings, findCa, type PcaContext, type Settings } from "./context.ts";
import { Counters } from "./counters.ts";
import { Faults } from "./faults.ts";
import {
  Identities,
  type AccessKey,
  type OidcProviderConfig,
  type RoleConfig,
} from "./identities.ts";
import type { KeyAlgorithm } from "./keys.ts";
import type { PcaDeps } from "./pca-endpoint.ts";
import { createEmulatorServer } from "./server.ts";
import { Store, type CaRecord, type CaStatus } from "./state.ts";

/** Default access key id every emulator accepts unless `accessKeys` is given. @public */
export const DEFAULT_ACCESS_KEY_ID = "AKIAEMULATOR00000001";
/** Default secret of {@link DEFAULT_ACCESS_KEY_ID}. @public */
export const DEFAULT_SECRET_ACCESS_KEY = "emulator-secret-access-key-0000000000001";

/** Options of {@link startEmulator}. @public */
export interface EmulatorOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0: a free port). */
  readonly port?: number;
  /** JSON file that keeps CAs and certificates across restarts (default none). */
  readonly stateFile?: string;
  /** Long-term keys accepted from the start (default one: the DEFAULT_* pair). */
  readonly accessKeys?: readonly {
    accessKeyId: string;
    secretAccessKey: string;
    userName?: string;
  }[];
  /** Settings overrides (see {@link Settings} for defaults). */
  readonly settings?: Partial<Settings>;
  /** Token buckets on from the start (default true). */
  readonly throttling?: boolean;
  /** Source of randomness for fault shares (default Math.random). */
  readonly random?: () => number;
}

/** A CA's public state, for tests. @public */
export interface CaView {
  readonly arn: string;
  readonly type: "ROOT" | "SUBORDINATE";
  readonly status: CaStatus;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly signingAlgorithm: string;
  readonly certificatePem?: string;
  readonly chainPem?: string;
}

/**
 * A running emulator. Create with {@link startEmulator}; always {@link Emulator.stop} it.
 * @public
 */
export class Emulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`; pass it as the SDK `endpoint`. */
  readonly endpoint: string;
  /** Live fault and quota settings. */
  readonly faults: Faults;
  /** Call counters. */
  readonly counters: Counters;
  /** Mutable behaviour settings (issue delay, idempotency window, …). */
  readonly settings: Settings;
  /** Registered keys, roles and OIDC providers. */
  readonly identities: Identities;
  /** The first accepted long-term access key. */
  readonly defaultAccessKey: AccessKey;
  private readonly server: Server;
  private readonly store: Store;

  /** @internal Use {@link startEmulator}. */
  constructor(parts: {
    server: Server;
    store: Store;
    deps: PcaDeps;
    endpoint: string;
    key: AccessKey;
  }) {
    this.server = parts.server;
    this.store = parts.store;
    this.faults = parts.deps.faults;
    this.counters = parts.deps.counters;
    this.settings = parts.deps.settings;
    this.identities = parts.deps.identities;
    this.endpoint = parts.endpoint;
    this.defaultAccessKey = parts.key;
  }

  /** Stops listening and drops open connections. Idempotent. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
    this.server.closeAllConnections();
    await closed;
    await Promise.allSettled([...this.store.pending.values()]);
  }

  /** Creates an ACTIVE root CA (create → CSR → RootCACertificate/V1 → import); returns its ARN. */
  createRootCa(
    keyAlgorithm: KeyAlgorithm = "EC_prime256v1",
    options: CaOptions = {},
  ): Promise<string> {
    return bootstrapCa(this.context(), { ...options, keyAlgorithm });
  }

  /**
   * Creates an ACTIVE subordinate CA signed by `parentArn` with
   * `SubordinateCACertificate_PathLen<pathLen>/V1` (default path length 0); returns its ARN.
   */
  createSubordinateCa(
    parentArn: string,
    keyAlgorithm: KeyAlgorithm = "EC_prime256v1",
    options: CaOptions = {},
  ): Promise<string> {
    return bootstrapCa(this.context(), { ...options, keyAlgorithm, parentArn });
  }

  /** Forces a CA's status (e.g. EXPIRED or PENDING_CERTIFICATE), bypassing the API's rules. */
  setCaStatus(arn: string, status: CaStatus): void {
    const ctx = this.context();
    ctx.store.setStatus(findCa(ctx, arn), status, ctx.now());
  }

  /** A CA's current state; throws ResourceNotFoundException's AwsError when unknown. */
  describeCa(arn: string): CaView {
    const ca: CaRecord = findCa(this.context(), arn);
    return {
      arn: ca.arn,
      type: ca.type,
      status: ca.status,
      keyAlgorithm: ca.keyAlgorithm,
      signingAlgorithm: ca.signingAlgorithm,
      ...(ca.certificatePem === undefined ? {} : { certificatePem: ca.certificatePem }),
      ...(ca.chainPem === undefined ? {} : { chainPem: ca.chainPem }),
    };
  }

  /** ARNs of CAs carrying `label` (set through {@link CaOptions.label}). */
  findCasByLabel(label: string): string[] {
    return [...this.store.cas.values()].filter((c) => c.label === label).map((c) => c.arn);
  }

  /** Registers a long-term access key (generated when not given). */
  addAccessKey(
    opts: { accessKeyId?: string; secretAccessKey?: string; userName?: string } = {},
  ): AccessKey {
    return this.identities.addAccessKey(opts);
  }

  /** Registers a role for AssumeRole / AssumeRoleWithWebIdentity. */
  addRole(role: RoleConfig): void {
    this.identities.addRole(role);
  }

  /** Registers an OIDC provider (e.g. the control plane's service-account issuer). */
  addOidcProvider(provider: OidcProviderConfig): void {
    this.identities.addOidcProvider(provider);
  }

  private context(): PcaContext {
    return {
      store: this.store,
      settings: this.settings,
      counters: this.counters,
      faults: this.faults,
      region: this.settings.region,
      principalArn: this.defaultAccessKey.principalArn,
      now: () => Date.now(),
    };
  }
}

/**
 * Starts an emulator on loopback and resolves once it listens.
 * @public
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings = { ...defaultSettings(), ...options.settings };
  const identities = new Identities(settings.accountId);
  const keys = options.accessKeys ?? [
    { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY },
  ];
  const added = keys.map((k) => identities.addAccessKey(k));
  const key = added[0] ?? identities.addAccessKey();
  const store = new Store(options.stateFile);
  store.load();
  const faults = new Faults(options.random);
  if (options.throttling === false) faults.configure({ throttling: false });
  const deps: PcaDeps = {
    store,
    settings,
    counters: new Counters(),
    faults,
    identities,
    now: () => Date.now(),
  };

  // The admin API needs the Emulator, which needs the server: tie the knot through a holder.
  const holder: { emulator?: Emulator } = {};
  const server = createEmulatorServer(deps, (method, path, body) => {
    if (holder.emulator === undefined) {
      return Promise.resolve({ status: 503, body: { error: "starting" } });
    }
    return adminHandler(holder.emulator)(method, path, body);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const emulator = new Emulator({ server, store, deps, endpoint: `http://${host}:${port}`, key });
  holder.emulator = emulator;
  return emulator;
}
