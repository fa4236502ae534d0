import { CertificateRequestReasons as Reasons } from "../../../api/certmanager/v1.ts";
import type {
  CertificateRequestCondition,
  CertificateRequestReason,
} from "../../../api/certmanager/v1.ts";
import type { IssuedCertificate } from "../../pca/index.ts";

/** The part of a CertificateRequest's status this operator owns, as server-side-applied. */
export interface OwnedStatus {
  conditions: [ReadyCondition];
  certificate?: string;
  ca?: string;
  failureTime?: string;
}

interface ReadyCondition {
  type: "Ready";
  status: "True" | "False";
  reason: CertificateRequestReason;
  message: string;
  lastTransitionTime: string;
}

const b64 = (pem: string): string => Buffer.from(pem).toString("base64");

/**
 * When the Ready condition last changed status: kept from the previous condition when the
 * status is the same (only reason or message moved), as metav1.Condition requires.
 */
export interface Transition {
  readonly now: Date;
  readonly previousStatus?: string | undefined;
  readonly previousTime?: string | undefined;
}

function ready(reason: CertificateRequestReason, message: string, at: Transition): ReadyCondition {
  const status = reason === Reasons.Issued ? "True" : "False";
  const same = at.previousStatus === status && at.previousTime !== undefined;
  const lastTransitionTime = same ? (at.previousTime ?? "") : at.now.toISOString();
  return { type: "Ready", status, reason, message, lastTransitionTime };
}

/** Ready=False/Pending: still working on it, or waiting on something that may resolve. */
export function pendingStatus(message: string, at: Transition): OwnedStatus {
  return { conditions: [ready(Reasons.Pending, message, at)] };
}

/** Ready=False/Failed with `failureTime`: terminal, only a new request can fix it. */
export function failedStatus(message: string, at: Transition): OwnedStatus {
  const failureTime = at.now.toISOString();
  return { conditions: [ready(Reasons.Failed, message, at)], failureTime };
}

/** Ready=False/Denied with `failureTime`: an approver said no. */
export function deniedStatus(at: Transition): OwnedStatus {
  const message = "the request was denied by an approver; it will not be signed";
  const failureTime = at.now.toISOString();
  return { conditions: [ready(Reasons.Denied, message, at)], failureTime };
}

/** Ready=True/Issued with the chain: leaf + intermediates in `certificate`, root in `ca`. */
export function issuedStatus(issued: IssuedCertificate, at: Transition): OwnedStatus {
  return {
    conditions: [ready(Reasons.Issued, "certificate issued", at)],
    certificate: b64(issued.certificatePem),
    ca: b64(issued.caPem),
  };
}

/**
 * The status to write: ours, with the conditions others own (Approved, Denied,
 * InvalidRequest…) kept as they are and our Ready condition put in place of any older one.
 */
export function withOurReady(
  status: OwnedStatus,
  existing: readonly CertificateRequestCondition[],
): Omit<OwnedStatus, "conditions"> & { conditions: CertificateRequestCondition[] } {
  const others = existing.filter((c) => c.type !== "Ready");
  return { ...status, conditions: [...others, ...status.conditions] };
}
