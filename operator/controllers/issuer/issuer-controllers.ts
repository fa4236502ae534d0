/**
 * The factory of the two issuer controllers, `awspcaissuer` and `awspcaclusterissuer`: one
 * reconcile core, two kinds.
 */
import type { Logger } from "pino";

import type { IssuerKind } from "../../../api/v1beta1/index.ts";
import type { CredentialsManager } from "../../credentials/index.ts";
import type { SigningService } from "../../pca/index.ts";
import {
  SecretKind,
  defineController,
  parseKey,
  systemClock,
  watches,
} from "../../runtime/index.ts";
import type { Clock, ControllerSpec, Manager, RelatedWatch } from "../../runtime/index.ts";
import type { IssuerRegistry } from "../issuer-registry.ts";
import { ClusterIssuerKindDescriptor, IssuerKindDescriptor } from "../kinds.ts";
import type { AnyIssuer } from "../kinds.ts";
import { PcaCaChecker } from "./ca-check.ts";
import type { CaChecker } from "./ca-check.ts";
import { IssuerMetrics } from "./metrics.ts";
import { IssuerReconciler } from "./issuer-reconciler.ts";
import { SecretIndex } from "./secret-index.ts";

/** Default interval of the periodic re-check: five minutes. @public */
export const DEFAULT_RECHECK_INTERVAL_MS = 5 * 60_000;

/** Default bound on the AWS calls of one check: one minute. @public */
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

/** The Events' `reportingController`. @public */
export const ISSUER_EVENT_SOURCE = "awspca.cert-manager.io/issuer-controller";

/** Dependencies of {@link issuerControllers}. @public */
export interface IssuerControllerDeps {
  /** Where every conclusion is published for the CertificateRequest controller. */
  readonly registry: IssuerRegistry;
  /** Resolves each issuer's AWS credentials; told about Secret changes and deletions. */
  readonly credentials: CredentialsManager;
  /** The shared signing service; its clients and CA facts are dropped with an issuer. */
  readonly signing: SigningService;
  /** Where a cluster issuer's Secret lives when `secretRef.namespace` is empty. */
  readonly clusterResourceNamespace: string;
  /** Re-check interval of a checked issuer, in ms. Default {@link DEFAULT_RECHECK_INTERVAL_MS}. */
  readonly recheckIntervalMs?: number;
  /** Bound on one check's AWS calls, in ms. Default {@link DEFAULT_CHECK_TIMEOUT_MS}. */
  readonly checkTimeoutMs?: number;
  /** Time source for conditions and re-check bookkeeping. Default the system clock. */
  readonly clock?: Clock;
  /** Logger for the controllers' own start-up lines. Default the manager's. */
  readonly logger?: Logger;
  /** PCA endpoint of the default {@link CaChecker} (the emulator's in tests). */
  readonly pcaEndpoint?: string;
  /** Describes CAs. Default a {@link PcaCaChecker} on `pcaEndpoint`. */
  readonly caChecker?: CaChecker;
  /**
   * Reconcile only issuers with these labels (for sharding, and to keep test runs that share
   * a control plane apart). Default every issuer.
   */
  readonly labelSelector?: string;
}

/**
 * Builds the controllers of both issuer kinds; register each with `manager.add`.
 *
 * Each controller watches its kind and, through a related watch, every Secret — projected to
 * nothing (the runtime keeps only key and resourceVersion per Secret) and mapped through an
 * index of the Secrets issuers reference, so an unreferenced Secret queues no work.
 *
 * @throws RangeError naming the option when an interval is not positive.
 * @public
 */
export function issuerControllers(
  manager: Manager,
  deps: IssuerControllerDeps,
): ControllerSpec<AnyIssuer, string>[] {
  const recheckIntervalMs = deps.recheckIntervalMs ?? DEFAULT_RECHECK_INTERVAL_MS;
  const checkTimeoutMs = deps.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  if (!(recheckIntervalMs > 0)) {
    throw new RangeError(`recheckIntervalMs must be more than zero, got ${recheckIntervalMs}`);
  }
  if (!(checkTimeoutMs > 0)) {
    throw new RangeError(`checkTimeoutMs must be more than zero, got ${checkTimeoutMs}`);
  }
  if (deps.clusterResourceNamespace === "") {
    throw new RangeError("clusterResourceNamespace must not be empty");
  }

  const shared = {
    ...deps,
    recheckIntervalMs,
    checkTimeoutMs,
    clock: deps.clock ?? systemClock,
    caChecker:
      deps.caChecker ??
      new PcaCaChecker(deps.pcaEndpoint === undefined ? {} : { endpoint: deps.pcaEndpoint }),
    recorder: manager.eventRecorder(ISSUER_EVENT_SOURCE),
    metrics: new IssuerMetrics(manager.metrics.registry),
  };
  const build = (kind: IssuerKind, name: string): ControllerSpec<AnyIssuer, string> => {
    const descriptor = kind === "AWSPCAIssuer" ? IssuerKindDescriptor : ClusterIssuerKindDescriptor;
    const secrets = new SecretIndex();
    const reconciler = new IssuerReconciler({
      ...shared,
      kind,
      secrets,
      client: manager.client<AnyIssuer>(descriptor),
    });
    return defineController({
      name,
      for: {
        kind: descriptor,
        project: (o: AnyIssuer) => o.metadata.uid ?? "",
        ...(deps.labelSelector === undefined ? {} : { labelSelector: deps.labelSelector }),
      },
      watches: [secretWatch(secrets, deps.credentials)],
      reconcile: (req, ctx) => reconciler.reconcile(req, ctx),
      maxConcurrentReconciles: 2,
    });
  };
  return [
    build("AWSPCAIssuer", "awspcaissuer"),
    build("AWSPCAClusterIssuer", "awspcaclusterissuer"),
  ];
}

/**
 * The related watch on Secrets. It lists and watches metadata only and projects to
 * `undefined`, so a cached Secret costs its key and resourceVersion only; a change to a referenced Secret tells the credentials manager
 * (so the next read is fresh) and queues the issuers that read it.
 */
function secretWatch(index: SecretIndex, credentials: CredentialsManager): RelatedWatch {
  return watches({
    kind: SecretKind,
    // Metadata only: the API server never sends Secret data to this watch.
    metadataOnly: true,
    project: () => undefined,
    mapToKeys: (_none: undefined, secretKey: string) => {
      const issuers = index.issuersOf(secretKey);
      if (issuers.length > 0) {
        const { namespace, name } = parseKey(secretKey);
        credentials.secretChanged(namespace, name);
      }
      return issuers;
    },
  });
}
