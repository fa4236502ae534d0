/**
 * Call counters a test reads to prove what happened: calls per operation and outcome, per
 * access key, certificates issued per CA, role assumptions and web-identity subjects.
 */

/** Nested counts, `outer → inner → n`. @public */
export type CountTable = Record<string, Record<string, number>>;

/** A copy of every counter at one instant. @public */
export interface CounterSnapshot {
  /** operation → outcome (`ok` or the error name) → calls. STS actions are named `sts:<Action>`. */
  readonly calls: CountTable;
  /** access key id → operation → calls (only requests that named a key). */
  readonly callsByAccessKey: CountTable;
  /** CA ARN → certificates issued (IssueCertificate successes, idempotent replays excluded). */
  readonly certificatesIssued: Record<string, number>;
  /** role ARN → successful AssumeRole / AssumeRoleWithWebIdentity calls. */
  readonly roleAssumptions: Record<string, number>;
  /** `sub` claim → successful AssumeRoleWithWebIdentity calls. */
  readonly webIdentitySubjects: Record<string, number>;
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

function bump2(table: CountTable, outer: string, inner: string): void {
  bump((table[outer] ??= {}), inner);
}

/**
 * Live counters of one emulator. Read with {@link Counters.snapshot} or the helpers; reset
 * between test cases with {@link Counters.reset}.
 * @public
 */
export class Counters {
  private calls: CountTable = {};
  private byKey: CountTable = {};
  private issued: Record<string, number> = {};
  private roles: Record<string, number> = {};
  private subjects: Record<string, number> = {};

  /** Records one answered call. @internal */
  recordCall(operation: string, outcome: string, accessKeyId?: string): void {
    bump2(this.calls, operation, outcome);
    if (accessKeyId !== undefined) bump2(this.byKey, accessKeyId, operation);
  }

  /** Records a newly issued certificate. @internal */
  recordIssued(caArn: string): void {
    bump(this.issued, caArn);
  }

  /** Records a successful role assumption (and the web-identity subject if any). @internal */
  recordAssumption(roleArn: string, subject?: string): void {
    bump(this.roles, roleArn);
    if (subject !== undefined) bump(this.subjects, subject);
  }

  /** Number of calls of `operation`, optionally only those with `outcome` (`ok` or error name). */
  count(operation: string, outcome?: string): number {
    const row = this.calls[operation] ?? {};
    if (outcome !== undefined) return row[outcome] ?? 0;
    return Object.values(row).reduce((a, b) => a + b, 0);
  }

  /** Number of calls made with `accessKeyId`, optionally only of `operation`. */
  countByAccessKey(accessKeyId: string, operation?: string): number {
    const row = this.byKey[accessKeyId] ?? {};
    if (operation !== undefined) return row[operation] ?? 0;
    return Object.values(row).reduce((a, b) => a + b, 0);
  }

  /** Certificates issued by `caArn`. */
  issuedBy(caArn: string): number {
    return this.issued[caArn] ?? 0;
  }

  /** A deep copy of all counters. */
  snapshot(): CounterSnapshot {
    return structuredClone({
      calls: this.calls,
      callsByAccessKey: this.byKey,
      certificatesIssued: this.issued,
      roleAssumptions: this.roles,
      webIdentitySubjects: this.subjects,
    });
  }

  /** Sets every counter back to zero. */
  reset(): void {
    this.calls = {};
    this.byKey = {};
    this.issued = {};
    this.roles = {};
    this.subjects = {};
  }
}
