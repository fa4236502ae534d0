import type {
  CertificateRequest,
  CertificateRequestCondition,
  KeyUsage,
} from "../../../api/certmanager/v1.ts";
import { CertificateRequestReasons as Reasons } from "../../../api/certmanager/v1.ts";
import { ANNOTATIONS, GROUP } from "../../../api/v1beta1/resources.ts";

/** The few facts about a request that is already finished: nothing more is cached for it. */
export interface FinishedView {
  readonly phase: "finished";
}

/** A request that is not ours: only the fact is cached, so memory does not grow with them. */
export interface ForeignView {
  readonly phase: "foreign";
}

/** What the cache keeps of a request this operator may still have to sign. */
export interface OpenView {
  readonly phase: "open";
  readonly uid: string;
  /** Makes our status write conditional: a request changed meanwhile is re-read first. */
  readonly resourceVersion: string;
  /** Every condition, so a status write can keep the ones others own. */
  readonly conditions: readonly CertificateRequestCondition[];
  readonly creationTimestamp: string | undefined;
  readonly issuerKind: string;
  readonly issuerName: string;
  readonly approved: boolean;
  readonly denied: boolean;
  /** The `aws-privateca-issuer/certificate-arn` annotation, once IssueCertificate answered. */
  readonly certificateArn: string | undefined;
  /** The Ready condition's reason and message, to skip writes that would change nothing. */
  readonly readyStatus: string | undefined;
  readonly readyReason: string | undefined;
  readonly readyMessage: string | undefined;
  readonly readySince: string | undefined;
  readonly csrBase64: string;
  readonly isCA: boolean | undefined;
  readonly usages: readonly KeyUsage[] | undefined;
  readonly duration: string | undefined;
  readonly annotations: Readonly<Record<string, string>> | undefined;
}

/** The cached projection of a CertificateRequest. */
export type RequestView = FinishedView | ForeignView | OpenView;

const FINISHED: FinishedView = { phase: "finished" };
const FOREIGN: ForeignView = { phase: "foreign" };

/** Whether a request is finished for good: issued, failed or denied (design.md, step 1). */
export function isFinished(cr: CertificateRequest): boolean {
  const ready = cr.status?.conditions?.find((c) => c.type === "Ready");
  if (ready?.status === "True") return true;
  return ready?.reason === Reasons.Failed || ready?.reason === Reasons.Denied;
}

/**
 * Projects a CertificateRequest to what the controller needs. Requests for other issuers and
 * finished requests shrink to a constant, so a cluster with many of them costs next to
 * nothing; the CSR is kept only while the request is open.
 */
export function projectRequest(cr: CertificateRequest): RequestView {
  if (cr.spec.issuerRef.group !== GROUP) return FOREIGN;
  if (isFinished(cr)) return FINISHED;
  return { ...specFacts(cr), ...conditionFacts(cr.status?.conditions ?? []) };
}

function specFacts(cr: CertificateRequest) {
  return {
    phase: "open" as const,
    uid: cr.metadata.uid ?? "",
    resourceVersion: cr.metadata.resourceVersion ?? "",
    creationTimestamp: cr.metadata.creationTimestamp,
    issuerKind: cr.spec.issuerRef.kind ?? "",
    issuerName: cr.spec.issuerRef.name,
    certificateArn: cr.metadata.annotations?.[ANNOTATIONS.certificateArn],
    csrBase64: cr.spec.request,
    isCA: cr.spec.isCA,
    usages: cr.spec.usages,
    duration: cr.spec.duration,
    annotations: cr.metadata.annotations,
  };
}

function conditionFacts(conditions: readonly CertificateRequestCondition[]) {
  const isTrue = (type: string): boolean =>
    conditions.some((c) => c.type === type && c.status === "True");
  const ready = conditions.find((c) => c.type === "Ready");
  return {
    conditions,
    approved: isTrue("Approved"),
    denied: isTrue("Denied"),
    readyStatus: ready?.status,
    readyReason: ready?.reason,
    readyMessage: ready?.message,
    readySince: ready?.lastTransitionTime,
  };
}
