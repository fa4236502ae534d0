import type { IssuerKind } from "../../../api/v1beta1/index.ts";
import type { SigningIssuer } from "../../pca/index.ts";
import type { IssuerState } from "../issuer-registry.ts";
import { issuerRegistryKey } from "../kinds.ts";
import type { OpenView } from "./view.ts";

const ISSUER_KINDS: readonly string[] = ["AWSPCAIssuer", "AWSPCAClusterIssuer"];

/** What to do with an open request, decided without I/O. */
export type Decision =
  /** Nothing now: not approved yet; an approval will queue the request again. */
  | { readonly action: "wait-approval" }
  /** Mark it Denied (terminal). */
  | { readonly action: "deny" }
  /** Mark it Failed (terminal) with this message. */
  | { readonly action: "fail"; readonly message: string }
  /** Keep it Pending until the issuer is ready; the registry queues it again then. */
  | { readonly action: "wait-issuer"; readonly issuerKey: string; readonly message: string }
  /** Call IssueCertificate. */
  | { readonly action: "issue"; readonly issuer: SigningIssuer }
  /** Call GetCertificate for the ARN already recorded. */
  | { readonly action: "fetch"; readonly issuer: SigningIssuer; readonly certificateArn: string };

/** Inputs of {@link decide} besides the request. */
export interface DecideInput {
  /** Whether to sign only approved requests (false with `--disable-approved-check`). */
  readonly checkApproval: boolean;
  /** Looks an issuer up by its registry key. */
  readonly issuer: (key: string) => IssuerState | undefined;
  /** An ARN this process recorded moments ago that the cache may not show yet. */
  readonly recentArn: string | undefined;
}

/**
 * The request's next step, following design.md "A request's life" (steps 2-6). A flat
 * ladder: each rung returns.
 */
export function decide(view: OpenView, namespace: string, input: DecideInput): Decision {
  if (view.denied) return { action: "deny" }; // step 2: denied is terminal
  if (input.checkApproval && !view.approved) return { action: "wait-approval" };

  if (!ISSUER_KINDS.includes(view.issuerKind)) {
    const kind = view.issuerKind === "" ? "(empty)" : view.issuerKind;
    return {
      action: "fail",
      message: `issuerRef.kind ${kind} is not AWSPCAIssuer or AWSPCAClusterIssuer`,
    };
  }
  // Step 3: the exact kind, never a fallback from a namespaced issuer to a cluster one.
  const kind = view.issuerKind as IssuerKind;
  const key = issuerRegistryKey(kind, namespace, view.issuerName);
  const state = input.issuer(key);
  const where = kind === "AWSPCAIssuer" ? `${namespace}/${view.issuerName}` : view.issuerName;
  if (state === undefined) {
    return {
      action: "wait-issuer",
      issuerKey: key,
      message: `${kind} ${where} not found or not checked yet`,
    };
  }
  if (!state.ready || state.signing === undefined) {
    const message = `${kind} ${where} is not ready: ${state.reason}: ${state.message}`;
    return { action: "wait-issuer", issuerKey: key, message };
  }

  const certificateArn = view.certificateArn ?? input.recentArn;
  if (certificateArn !== undefined)
    return { action: "fetch", issuer: state.signing, certificateArn };
  return { action: "issue", issuer: state.signing }; // step 5
}
