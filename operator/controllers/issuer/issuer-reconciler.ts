/**
 * The thin shell of one issuer kind's controller: it reads the issuer, guards it with the
 * finalizer, runs the check (I/O), writes the registry, then the status and, on a Ready
 * transition, an Event. Every decision is {@link decide}'s.
 */
import type { Logger } from "pino";

import { formatFieldErrors, validateIssuerSpec } from "../../../api/v1beta1/index.ts";
import type { IssuerKind, IssuerScope } from "../../../api/v1beta1/index.ts";
import type { CredentialsManager } from "../../credentials/index.ts";
import type { SigningService } from "../../pca/index.ts";
import { isNotFound, updateStatus, withFinalizers } from "../../runtime/index.ts";
import type {
  Clock,
  EventRecorder,
  ReconcileContext,
  ReconcileRequest,
  ReconcileResult,
  ResourceClient,
} from "../../runtime/index.ts";
import type { IssuerRegistry, IssuerState } from "../issuer-registry.ts";
import { issuerRegistryKey } from "../kinds.ts";
import type { AnyIssuer } from "../kinds.ts";
import type { CaChecker } from "./ca-check.ts";
import { runCheck } from "./check.ts";
import { decide, registryStateOf } from "./decide.ts";
import type { Decision } from "./decide.ts";
import type { IssuerMetrics } from "./metrics.ts";
import type { CheckOutcome } from "./outcome.ts";
import { ISSUER_FINALIZER } from "./reasons.ts";
import type { SecretIndex } from "./secret-index.ts";

/** Everything one kind's reconciler needs; built by `issuerControllers`. @internal */
export interface IssuerReconcilerDeps {
  readonly kind: IssuerKind;
  readonly client: ResourceClient<AnyIssuer>;
  readonly registry: IssuerRegistry;
  readonly credentials: CredentialsManager;
  readonly signing: SigningService;
  readonly caChecker: CaChecker;
  readonly recorder: EventRecorder;
  readonly metrics: IssuerMetrics;
  readonly secrets: SecretIndex;
  readonly clusterResourceNamespace: string;
  readonly recheckIntervalMs: number;
  readonly checkTimeoutMs: number;
  readonly clock: Clock;
}

/** When an issuer was last checked, to skip re-checks caused by our own writes. */
interface LastCheck {
  readonly uid: string;
  readonly generation: number | undefined;
  readonly nextAtMs: number;
}

/** A status write that lost every conflict retry is tried again after this long, in ms. */
const CONFLICT_RETRY_MS = 1000;

/**
 * Reconciles one issuer kind. Idempotent: a key may be reconciled again at any time.
 * @internal
 */
export class IssuerReconciler {
  readonly #d: IssuerReconcilerDeps;
  readonly #lastCheck = new Map<string, LastCheck>();

  /** @param deps - see {@link IssuerReconcilerDeps}. */
  constructor(deps: IssuerReconcilerDeps) {
    this.#d = deps;
  }

  /** The reconcile function of the kind's controller. */
  async reconcile(req: ReconcileRequest<string>, ctx: ReconcileContext): Promise<ReconcileResult> {
    if (req.cached === undefined) {
      this.#forget(req);
      return undefined;
    }
    const obj = await this.#get(req);
    if (obj === undefined) {
      this.#forget(req);
      return undefined;
    }
    const finalizer = {
      name: ISSUER_FINALIZER,
      cleanup: () => {
        this.#forget(req);
        ctx.logger.info({}, "issuer released");
        return Promise.resolve();
      },
    };
    return withFinalizers(this.#d.client, obj, [finalizer], (o) => this.#apply(req, o, ctx));
  }

  async #apply(req: ReconcileRequest<string>, obj: AnyIssuer, ctx: ReconcileContext) {
    const skip = this.#skipFor(req.key, obj, ctx.reason);
    if (skip !== undefined) {
      ctx.logger.debug({ requeueAfterMs: skip }, "checked recently; skipping");
      return { requeueAfterMs: skip };
    }

    const outcome = await this.#check(req, obj, ctx);
    const key = this.#registryKey(req);
    // The registry first: requests must never sign on a state the status no longer shows.
    this.#publish(key, registryStateOf(outcome));
    this.#d.metrics.setReady(this.#labels(req), outcome.kind === "Verified");
    this.#invalidateCaOnChange(obj, outcome);

    const decision = await this.#writeStatus(req, obj, outcome, ctx.logger);
    if (decision === "conflict") return { requeueAfterMs: CONFLICT_RETRY_MS };
    if (decision === undefined) return undefined;
    const nextAtMs = this.#d.clock.now() + (decision.result?.requeueAfterMs ?? 0);
    const { uid = "", generation } = obj.metadata;
    this.#lastCheck.set(req.key, { uid, generation, nextAtMs });
    return decision.result;
  }

  async #check(req: ReconcileRequest<string>, obj: AnyIssuer, ctx: ReconcileContext) {
    const validation = validateIssuerSpec(obj.spec, this.#scope(req));
    if (!validation.ok) {
      this.#d.secrets.set(req.key, undefined);
      const outcome: CheckOutcome = {
        kind: "InvalidSpec",
        message: formatFieldErrors(validation.errors),
      };
      return outcome;
    }
    const { config } = validation;
    const secret = config.secret;
    this.#d.secrets.set(req.key, secret && `${secret.namespace}/${secret.name}`);

    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(this.#d.checkTimeoutMs)]);
    const ref = {
      kind: this.#d.kind,
      namespace: req.namespace,
      name: req.name,
      uid: obj.metadata.uid ?? "",
    };
    const target = {
      key: this.#registryKey(req),
      ref,
      description: `${this.#d.kind.toLowerCase()} ${req.key}`,
      config,
    };
    const outcome = await runCheck(target, this.#d, signal);
    ctx.logger.debug({ outcome: outcome.kind }, "issuer checked");
    return outcome;
  }

  async #writeStatus(
    req: ReconcileRequest<string>,
    obj: AnyIssuer,
    outcome: CheckOutcome,
    logger: Logger,
  ): Promise<Decision | "conflict" | undefined> {
    let decision: Decision | undefined;
    const written = await updateStatus(this.#d.client, req, (current) => {
      decision = decide({
        outcome,
        current: current.status,
        generation: obj.metadata.generation,
        recheckIntervalMs: this.#d.recheckIntervalMs,
        clock: this.#d.clock,
      });
      return decision.status;
    });
    if (written.outcome === "conflict") return "conflict";
    if (written.outcome === "gone" || decision === undefined) return undefined;
    const event = decision.event;
    if (written.outcome === "updated" && event !== undefined) {
      this.#d.recorder.event(written.object, event);
      logger.info(
        { ready: event.type === "Normal", readyReason: event.reason },
        "issuer ready changed",
      );
    }
    return decision;
  }

  /**
   * Our own writes (finalizer, status) come back as updates; they change neither the spec nor
   * the world, so a check made for this generation still stands until its re-check time.
   */
  #skipFor(key: string, obj: AnyIssuer, reason: string): number | undefined {
    const last = this.#lastCheck.get(key);
    if (reason !== "updated" || last === undefined) return undefined;
    const { uid = "", generation } = obj.metadata;
    if (last.uid !== uid || last.generation !== generation) return undefined;
    const remainingMs = last.nextAtMs - this.#d.clock.now();
    return remainingMs > 0 ? remainingMs : undefined;
  }

  /** Sets the registry entry, unless it is unchanged (listeners requeue on every set). */
  #publish(key: string, state: IssuerState): void {
    const previous = this.#d.registry.get(key);
    if (previous !== undefined && sameState(previous, state)) return;
    this.#d.registry.set(key, state);
  }

  #invalidateCaOnChange(obj: AnyIssuer, outcome: CheckOutcome): void {
    if (outcome.kind === "InvalidSpec" || outcome.ca === undefined) return;
    if (obj.status?.ca?.status !== outcome.ca.status) {
      this.#d.signing.invalidateCa(outcome.ca.arn);
    }
  }

  /** Drops everything held for an issuer. No AWS call, so it cannot hang on AWS. */
  #forget(req: ReconcileRequest<string>): void {
    const key = this.#registryKey(req);
    this.#d.registry.delete(key);
    this.#d.credentials.release(key);
    this.#d.signing.release(key);
    this.#d.caChecker.release(key);
    this.#d.secrets.delete(req.key);
    this.#d.metrics.remove(this.#labels(req));
    this.#lastCheck.delete(req.key);
  }

  async #get(req: ReconcileRequest<string>): Promise<AnyIssuer | undefined> {
    try {
      return await this.#d.client.get(req.namespace, req.name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  #scope(req: ReconcileRequest<string>): IssuerScope {
    return this.#d.kind === "AWSPCAIssuer"
      ? { kind: "Namespaced", namespace: req.namespace }
      : { kind: "Cluster", clusterResourceNamespace: this.#d.clusterResourceNamespace };
  }

  #registryKey(req: ReconcileRequest<string>): string {
    return issuerRegistryKey(this.#d.kind, req.namespace, req.name);
  }

  #labels(req: ReconcileRequest<string>) {
    return { kind: this.#d.kind, namespace: req.namespace, name: req.name };
  }
}

/** Whether two registry entries would sign the same way and tell requests the same thing. */
function sameState(a: IssuerState, b: IssuerState): boolean {
  const signingOf = (s: IssuerState) =>
    s.signing === undefined
      ? undefined
      : JSON.stringify([s.signing.key, s.signing.credentialsKey, s.signing.config]);
  return (
    a.ready === b.ready &&
    a.reason === b.reason &&
    a.message === b.message &&
    signingOf(a) === signingOf(b)
  );
}
