/**
 * Everything the PCA side remembers: CAs, issued certificates, idempotency tokens; optionally
 * persisted to a JSON state file so a standalone emulator keeps its CAs across restarts.
 * @internal
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { JsonObject } from "./input.ts";
import type { KeyAlgorithm, StoredKey } from "./keys.ts";

/** CA status values of the service model. @public */
export type CaStatus =
  "CREATING" | "PENDING_CERTIFICATE" | "ACTIVE" | "DELETED" | "DISABLED" | "EXPIRED" | "FAILED";

/** One private CA. Times are epoch milliseconds. */
export interface CaRecord {
  arn: string;
  type: "ROOT" | "SUBORDINATE";
  status: CaStatus;
  statusBeforeDelete?: CaStatus;
  createdAt: number;
  lastStateChangeAt: number;
  keyAlgorithm: KeyAlgorithm;
  signingAlgorithm: string;
  subject: JsonObject;
  csrExtensions?: JsonObject;
  revocationConfiguration?: JsonObject;
  usageMode: string;
  keyStorageSecurityStandard: string;
  key?: StoredKey;
  csrPem?: string;
  certificatePem?: string;
  chainPem?: string;
  serial?: string;
  notBefore?: number;
  notAfter?: number;
  restorableUntil?: number;
  /** Free-form label set by programmatic creation (the CLI finds its CAs by it). */
  label?: string;
}

/** One issued certificate. `serial` is lowercase hex without colons. */
export interface CertRecord {
  arn: string;
  caArn: string;
  serial: string;
  certificatePem: string;
  chainPem?: string;
  issuedAt: number;
  /** GetCertificate answers RequestInProgressException before this instant. */
  readyAt: number;
  revokedAt?: number;
  revocationReason?: string;
  selfIssuedRoot: boolean;
}

interface IdempotencyEntry {
  arn: string;
  expiresAt: number;
}

interface StateFile {
  cas: CaRecord[];
  certs: CertRecord[];
}

/** The in-memory store with optional persistence. */
export class Store {
  readonly cas = new Map<string, CaRecord>();
  readonly certs = new Map<string, CertRecord>();
  private readonly tokens = new Map<string, IdempotencyEntry>();
  /** Key generation in flight per CA ARN (not persisted). */
  readonly pending = new Map<string, Promise<void>>();
  private readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
  }

  /** Loads the state file if it exists; a missing file is an empty state. */
  load(): void {
    if (this.file === undefined) return;
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      // A missing state file means a first start; anything else is a real problem.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    const data = JSON.parse(text) as StateFile;
    for (const ca of data.cas) {
      // Key generation does not survive a restart.
      if (ca.status === "CREATING") ca.status = "FAILED";
      this.cas.set(ca.arn, ca);
    }
    for (const cert of data.certs) this.certs.set(cert.arn, cert);
  }

  /** Writes the state file atomically (no-op without one). */
  save(): void {
    if (this.file === undefined) return;
    const data: StateFile = { cas: [...this.cas.values()], certs: [...this.certs.values()] };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }

  /** The ARN remembered for `scope` + `token`, if still inside its window. */
  recall(scope: string, token: string, now: number): string | undefined {
    const entry = this.tokens.get(`${scope}\u0000${token}`);
    return entry !== undefined && entry.expiresAt > now ? entry.arn : undefined;
  }

  /** Remembers `arn` for `scope` + `token` until `expiresAt`. */
  remember(scope: string, token: string, arn: string, expiresAt: number): void {
    this.tokens.set(`${scope}\u0000${token}`, { arn, expiresAt });
  }

  /** Sets a CA's status and its state-change time. */
  setStatus(ca: CaRecord, status: CaStatus, now: number): void {
    ca.status = status;
    ca.lastStateChangeAt = now;
    this.save();
  }
}
