import type { Logger } from "pino";
import { GROUP } from "../../../api/v1beta1/resources.ts";
import { ANNOTATIONS } from "../../../api/v1beta1/resources.ts";
import {
  IssuerError,
  PendingError,
  PermanentError,
  RateLimitedError,
  RetryableError,
  signingRequestFrom,
} from "../../pca/index.ts";
import type { IssuedCertificate, SigningIssuer, SigningService } from "../../pca/index.ts";
import {
  defineController,
  isConflict,
  isNotFound,
  PatchType,
  systemClock,
} from "../../runtime/index.ts";
import type {
  Clock,
  ControllerSpec,
  EventRecorder,
  KubeObject,
  Manager,
  ReconcileResult,
  RestClient,
} from "../../runtime/index.ts";
import type { CertificateRequest } from "../../../api/certmanager/v1.ts";
import type { IssuerRegistry } from "../issuer-registry.ts";
import { CertificateRequestKind } from "../kinds.ts";
import { decide } from "./decide.ts";
import type { Decision } from "./decide.ts";
import { deniedStatus, failedStatus, issuedStatus, pendingStatus, withOurReady } from "./status.ts";
import type { OwnedStatus, Transition } from "./status.ts";
import { ExpiringMap } from "./expiring-map.ts";
import { isFinished, projectRequest } from "./view.ts";
import type { OpenView, RequestView } from "./view.ts";
import { IssuerWaiters } from "./waiters.ts";

/** How long after IssueCertificate the first GetCertificate is sent. */
export const FIRST_FETCH_DELAY_MS = 1000;
/** How long the controller remembers its own recent writes per request UID. */
const MEMORY_TTL_MS = 10 * 60_000;
/** Conditional status writes tried before the error goes to the queue's backoff. */
const MAX_STATUS_ATTEMPTS = 3;
/** Safety net when no issuer event arrives: look at a waiting request again after this. */
export const ISSUER_WAIT_REQUEUE_MS = 60_000;

/** What the CertificateRequest controller needs. */
export interface RequestControllerDeps {
  readonly manager: Manager;
  readonly registry: IssuerRegistry;
  readonly signing: SigningService;
  /** Sign only approved requests; false with `--disable-approved-check`. Default true. */
  readonly checkApproval?: boolean;
  /**
   * Requests reconciled at once. Default 64: reconciles mostly wait on PCA and on the
   * client-side rate limiter, so fewer workers would leave the PCA quota unused.
   */
  readonly maxConcurrentReconciles?: number;
  readonly clock?: Clock;
}

interface Target {
  readonly namespace: string;
  readonly name: string;
  readonly view: OpenView;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/**
 * The CertificateRequest controller: cert-manager's external-issuer contract for our group
 * (design.md, "A request's life"). It registers itself with the manager and subscribes to
 * the issuer registry, so requests waiting on an issuer are queued when it turns ready.
 *
 * TODO(#6): requests cannot be limited to a namespace or label yet (issuers can), so two
 * operators on one cluster both act on every request of our group.
 */
export class RequestController {
  readonly #deps: RequestControllerDeps;
  readonly #rest: RestClient;
  readonly #events: EventRecorder;
  readonly #clock: Clock;
  readonly #waiters = new IssuerWaiters();
  /** ARNs recorded moments ago, by request UID, for the informer's lag (no second issue). */
  readonly #recent: ExpiringMap<{ readonly arn: string; readonly issuedAtMs: number }>;
  /**
   * UIDs of requests this process finished (Issued, Failed, Denied) whose cached copy may still
   * look open: our own annotation write queues the request again with a cache that has not
   * seen the final status yet, and acting on it would fetch and write a second time.
   */
  readonly #finished: ExpiringMap<true>;

  constructor(deps: RequestControllerDeps) {
    this.#deps = deps;
    this.#rest = deps.manager.rest;
    this.#events = deps.manager.eventRecorder("awspca.cert-manager.io/certificaterequest");
    this.#clock = deps.clock ?? systemClock;
    this.#recent = new ExpiringMap(MEMORY_TTL_MS, this.#clock);
    this.#finished = new ExpiringMap(MEMORY_TTL_MS, this.#clock);
  }

  /** Registers the controller with the manager and returns its spec. */
  register(): ControllerSpec<KubeObject, RequestView> {
    const spec = this.spec();
    const controller = this.#deps.manager.add(spec);
    this.#deps.registry.subscribe((issuerKey) => {
      for (const key of this.#waiters.waitingOn(issuerKey))
        controller.enqueue(key, "mapped:Issuer");
    });
    return spec as unknown as ControllerSpec<KubeObject, RequestView>;
  }

  /** The controller declaration (exposed for tests). */
  spec() {
    return defineController({
      name: "certificaterequest",
      for: { kind: CertificateRequestKind, project: projectRequest },
      maxConcurrentReconciles: this.#deps.maxConcurrentReconciles ?? 64,
      reconcile: async (req, ctx) => {
        const view = req.cached;
        if (view?.phase !== "open" || this.#finished.get(view.uid) === true) {
          this.#waiters.done(req.key); // deleted, finished or not ours: step 1
          return undefined;
        }
        const target = { namespace: req.namespace, name: req.name, view, ...ctx };
        return this.#reconcileOpen(req.key, target);
      },
    });
  }

  async #reconcileOpen(key: string, t: Target): Promise<ReconcileResult> {
    const decision = decide(t.view, t.namespace, {
      checkApproval: this.#deps.checkApproval ?? true,
      issuer: (k) => this.#deps.registry.get(k),
      recentArn: this.#recent.get(t.view.uid)?.arn,
    });
    if (decision.action === "wait-issuer") this.#waiters.wait(key, decision.issuerKey);
    else this.#waiters.done(key);
    return this.#act(decision, t);
  }

  async #act(decision: Decision, t: Target): Promise<ReconcileResult> {
    switch (decision.action) {
      case "wait-approval":
        t.logger.debug("waiting for approval");
        return undefined;
      case "deny":
        await this.#finish(t, deniedStatus(this.#at(t)), "Denied", "the request was denied");
        return undefined;
      case "fail":
        await this.#fail(t, decision.message);
        return undefined;
      case "wait-issuer":
        await this.#pending(t, decision.message);
        return { requeueAfterMs: ISSUER_WAIT_REQUEUE_MS };
      case "issue":
        return this.#guard(t, () => this.#issue(decision.issuer, t));
      case "fetch":
        return this.#guard(t, () => this.#fetch(decision.issuer, decision.certificateArn, t));
    }
  }

  async #issue(issuer: SigningIssuer, t: Target): Promise<ReconcileResult> {
    const request = signingRequestFrom({
      metadata: {
        name: t.name,
        namespace: t.namespace,
        uid: t.view.uid,
        annotations: t.view.annotations,
      },
      spec: {
        request: t.view.csrBase64,
        issuerRef: { group: GROUP, kind: t.view.issuerKind, name: t.view.issuerName },
        isCA: t.view.isCA,
        usages: t.view.usages ? [...t.view.usages] : undefined,
        duration: t.view.duration,
      },
    });
    const issued = await this.#deps.signing.issue(issuer, request, t.signal);
    this.#recent.set(t.view.uid, { arn: issued.certificateArn, issuedAtMs: this.#clock.now() });
    // Step 5: record the ARN before anything else can fail, so no retry issues twice.
    const annotations = { [ANNOTATIONS.certificateArn]: issued.certificateArn };
    const path = CertificateRequestKind.objectPath(t.namespace, t.name);
    try {
      // The UID pins the write to the request we read: the API server refuses it when the
      // name now belongs to a re-created request, which must get its own certificate.
      await this.#rest.request("PATCH", path, {
        body: { metadata: { uid: t.view.uid, annotations } },
        contentType: PatchType.merge,
      });
    } catch (err) {
      if ((await this.#current(t)) !== undefined) throw err;
      this.#replaced(t);
      return undefined;
    }
    t.logger.info(
      { certificateArn: issued.certificateArn, template: issued.template.name },
      "certificate requested",
    );
    // AWS signs asynchronously (about a second); asking at once would only cost a
    // GetCertificate and a Pending write per request, and hold this worker.
    return { requeueAfterMs: FIRST_FETCH_DELAY_MS };
  }

  async #fetch(issuer: SigningIssuer, arn: string, t: Target): Promise<ReconcileResult> {
    // Our own annotation write queues the request again at once: not yet worth asking.
    const issuedAtMs = this.#recent.get(t.view.uid)?.issuedAtMs;
    const waitMs =
      issuedAtMs === undefined ? 0 : issuedAtMs + FIRST_FETCH_DELAY_MS - this.#clock.now();
    if (waitMs > 0) return { requeueAfterMs: waitMs };
    const issued: IssuedCertificate = await this.#deps.signing.fetch(issuer, arn, t.signal);
    await this.#finish(t, issuedStatus(issued, this.#at(t)), "Issued", `certificate ${arn} issued`);
    this.#observeReady(t);
    t.logger.info({ certificateArn: arn }, "certificate issued");
    return undefined;
  }

  /** Maps the signing service's error taxonomy onto the request (design.md, transient vs terminal). */
  async #guard(t: Target, step: () => Promise<ReconcileResult>): Promise<ReconcileResult> {
    try {
      return await step();
    } catch (err) {
      if (err instanceof RateLimitedError) {
        // Our own pacing, not a problem with the request: no status write, no event.
        t.logger.debug({ requeueAfterMs: err.requeueAfterMs }, "waiting for a rate-limit slot");
        return { requeueAfterMs: err.requeueAfterMs };
      }
      if (err instanceof PendingError) {
        await this.#pending(t, err.userMessage);
        return { requeueAfterMs: err.requeueAfterMs };
      }
      if (err instanceof PermanentError) {
        await this.#fail(t, err.userMessage);
        return undefined;
      }
      if (err instanceof IssuerError || err instanceof RetryableError) {
        await this.#pending(t, err.userMessage);
      }
      throw err; // retried with the queue's per-key backoff
    }
  }

  async #pending(t: Target, message: string): Promise<void> {
    if (t.view.readyReason === "Pending" && t.view.readyMessage === message) return;
    if (await this.#apply(t, pendingStatus(message, this.#at(t)))) {
      this.#event(t, "Normal", "Pending", message);
    }
  }

  async #fail(t: Target, message: string): Promise<void> {
    await this.#finish(t, failedStatus(message, this.#at(t)), "Failed", message);
  }

  async #finish(t: Target, status: OwnedStatus, reason: string, note: string): Promise<void> {
    const written = await this.#apply(t, status);
    this.#finished.set(t.view.uid, true);
    this.#recent.delete(t.view.uid);
    if (written) this.#event(t, reason === "Issued" ? "Normal" : "Warning", reason, note);
  }

  #event(t: Target, type: "Normal" | "Warning", reason: string, note: string): void {
    const regarding = {
      apiVersion: CertificateRequestKind.apiVersion,
      kind: CertificateRequestKind.kind,
      metadata: { name: t.name, namespace: t.namespace, uid: t.view.uid },
    };
    this.#events.event(regarding, { type, reason, action: "Sign", note });
  }

  /**
   * Writes the status we own with a merge patch made conditional on the resourceVersion we
   * read. Server-side apply would be one request less, but cert-manager's CRD schema makes the
   * API server treat `conditions` as atomic, so an apply would drop the Approved condition.
   * Returns false, writing nothing, when a re-read after a conflict shows the request already
   * finished (by an earlier reconcile of ours, or anyone else): a finished request is final.
   */
  async #apply(t: Target, status: OwnedStatus): Promise<boolean> {
    let resourceVersion = t.view.resourceVersion;
    let conditions = t.view.conditions;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#rest.request(
          "PATCH",
          CertificateRequestKind.objectPath(t.namespace, t.name, "status"),
          {
            body: {
              metadata: { uid: t.view.uid, resourceVersion },
              status: withOurReady(status, conditions),
            },
            contentType: PatchType.merge,
          },
        );
        return true;
      } catch (err) {
        const fresh = await this.#current(t);
        if (fresh === undefined) {
          this.#replaced(t);
          return false;
        }
        if (!isConflict(err) || attempt >= MAX_STATUS_ATTEMPTS) throw err;
        if (isFinished(fresh)) {
          this.#finished.set(t.view.uid, true);
          return false;
        }
        resourceVersion = fresh.metadata.resourceVersion ?? "";
        conditions = fresh.status?.conditions ?? [];
      }
    }
  }

  /** The request as stored now, or `undefined` when it was deleted or re-created (new UID). */
  async #current(t: Target): Promise<CertificateRequest | undefined> {
    try {
      const path = CertificateRequestKind.objectPath(t.namespace, t.name);
      const fresh = await this.#rest.request<CertificateRequest>("GET", path);
      return fresh.metadata.uid === t.view.uid ? fresh : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** The request we were working on is gone; a re-created one is reconciled on its own. */
  #replaced(t: Target): void {
    t.logger.info({ uid: t.view.uid }, "request deleted or re-created while being signed");
    this.#recent.delete(t.view.uid);
    this.#finished.set(t.view.uid, true);
  }

  #at(t: Target): Transition {
    return {
      now: new Date(this.#clock.now()),
      previousStatus: t.view.readyStatus,
      previousTime: t.view.readySince,
    };
  }

  #observeReady(t: Target): void {
    if (t.view.creationTimestamp === undefined) return;
    this.#deps.signing.metrics.observeReady(
      Date.parse(t.view.creationTimestamp),
      this.#clock.now(),
    );
  }
}
