import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { ResourceClient } from "../client/resource-client.ts";
import { RestClient } from "../client/rest-client.ts";
import { Controller } from "../controller/controller.ts";
import type { ControllerSpec } from "../controller/types.ts";
import { EventRecorder } from "../events/event-recorder.ts";
import { CheckSet } from "../health/checks.ts";
import { serve } from "../health/http-server.ts";
import type { RunningServer } from "../health/http-server.ts";
import { defaultLogger } from "../internal/default-logger.ts";
import { LeaderElector } from "../leader/leader-elector.ts";
import { LeaderHealthCheck } from "../leader/leader-health.ts";
import { LeaseLock } from "../leader/lease-lock.ts";
import { RuntimeMetrics } from "../metrics/runtime-metrics.ts";
import type { KubeObject } from "../resource/object.ts";
import type { ResourceKind } from "../resource/resource-kind.ts";
import { systemClock } from "../time/clock.ts";
import { LeaseLostError } from "./lease-lost-error.ts";
import type { ManagerOptions } from "./options.ts";

type AnyController = Controller<KubeObject, unknown>;

/**
 * Runs controllers: owns the client, the metrics registry, the informers, leader election,
 * the probe and metrics servers, and graceful shutdown.
 *
 * Start order: servers, informers, wait for sync, leader election (if configured), workers.
 * Stop order (stop, SIGTERM or SIGINT): stop intake, let in-flight reconciles finish within
 * the grace period, release the lease, stop informers, close servers.
 * @public
 */
export class Manager {
  /** The API client every controller shares. */
  readonly rest: RestClient;
  /** The manager's own metrics (and registry). */
  readonly metrics: RuntimeMetrics;
  /** The root logger. */
  readonly logger: Logger;
  /** The `/healthz` checks; add your own. */
  readonly healthChecks = new CheckSet();
  /** The `/readyz` checks; add your own. */
  readonly readyChecks = new CheckSet();
  readonly #opts: ManagerOptions;
  readonly #controllers: AnyController[] = [];
  readonly #recorders: EventRecorder[] = [];
  readonly #servers: RunningServer[] = [];
  readonly #stop = new AbortController();
  readonly #identity: string;
  #elector: LeaderElector | undefined;
  #electing: Promise<void> | undefined;
  #failure: Error | undefined;
  #stopped: Promise<void> | undefined;
  #ports: { metrics?: number; health?: number } = {};
  #working = false;

  /** Creates a manager; nothing runs until {@link Manager.start}. */
  constructor(opts: ManagerOptions) {
    this.#opts = opts;
    this.rest = new RestClient(opts.kubeConfig);
    this.metrics = new RuntimeMetrics();
    this.logger = opts.logger ?? defaultLogger();
    this.#identity =
      opts.leaderElection?.identity ?? `${hostname()}_${randomBytes(4).toString("hex")}`;
    this.healthChecks.add("ping", () => ({ ok: true }));
    this.readyChecks.add("informers", () => this.#syncedCheck());
    this.readyChecks.add("leader-election", () => this.#leadershipKnownCheck());
  }

  /** This replica's identity (the Lease holderIdentity when electing). */
  get identity(): string {
    return this.#identity;
  }

  /** The bound ports of the metrics and probe servers, once started. */
  get ports(): { metrics?: number; health?: number } {
    return this.#ports;
  }

  /** Whether this replica's workers are running (leading, or started without election). */
  get isLeader(): boolean {
    return this.#working;
  }

  /** The registered controllers. */
  get controllers(): readonly AnyController[] {
    return this.#controllers;
  }

  /** Registers a controller. Call before {@link Manager.start}. */
  add<TObject extends KubeObject, TProj>(
    spec: ControllerSpec<TObject, TProj>,
  ): Controller<TObject, TProj> {
    if (this.#controllers.some((c) => c.name === spec.name)) {
      throw new RangeError(`controller name ${spec.name} is already registered`);
    }
    const c = new Controller(spec, {
      rest: this.rest,
      metrics: this.metrics,
      logger: this.logger,
      clock: this.#opts.clock,
      delay: this.#opts.delay,
      informer: this.#opts.informer,
    });
    this.#controllers.push(c as unknown as AnyController);
    return c;
  }

  /** A typed client for `kind` over the manager's connection. */
  client<TObject extends KubeObject>(
    kind: ResourceKind<unknown, unknown, TObject>,
  ): ResourceClient<TObject> {
    return new ResourceClient(this.rest, kind);
  }

  /** An Event recorder reporting as `reportingController`; flushed on shutdown. */
  eventRecorder(reportingController: string): EventRecorder {
    const r = new EventRecorder({
      rest: this.rest,
      reportingController,
      reportingInstance: this.#identity,
      clock: this.#opts.clock,
      logger: this.logger,
    });
    this.#recorders.push(r);
    return r;
  }

  /**
   * Runs until {@link Manager.stop}, a signal, or lost leadership.
   * @throws {@link LeaseLostError} when leadership was lost while running
   */
  async start(): Promise<void> {
    const onSignal = (sig: string) => {
      this.logger.info({ signal: sig }, "signal received; shutting down");
      void this.stop();
    };
    if (this.#opts.handleSignals !== false) {
      process.once("SIGTERM", onSignal).once("SIGINT", onSignal);
    }
    try {
      await this.#run();
      await this.#waitForStop();
    } finally {
      process.off("SIGTERM", onSignal).off("SIGINT", onSignal);
      await this.stop();
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Shuts down gracefully; safe to call more than once. */
  stop(): Promise<void> {
    this.#stopped ??= this.#shutdown(this.#opts.gracefulShutdownTimeoutMs ?? 30_000);
    return this.#stopped;
  }

  async #run(): Promise<void> {
    await this.#startServers();
    for (const c of this.#controllers) c.startInformers();
    this.logger.info({ controllers: this.#controllers.length }, "waiting for informers to sync");
    await Promise.race([
      Promise.all(this.#controllers.map((c) => c.waitForSync())),
      this.#waitForStop(),
    ]);
    if (this.#stop.signal.aborted) return;
    if (this.#opts.leaderElection === undefined) this.#startWorkers();
    else this.#startElection();
  }

  #startWorkers(): void {
    this.#working = true;
    for (const c of this.#controllers) c.startWorkers();
  }

  #startElection(): void {
    const le = this.#opts.leaderElection;
    if (le === undefined) return;
    const lock = new LeaseLock(this.rest, {
      namespace: le.namespace,
      name: le.name,
      identity: this.#identity,
    });
    const elector = new LeaderElector({
      ...le,
      lock,
      clock: this.#opts.clock,
      delay: this.#opts.delay,
      logger: this.logger,
      callbacks: {
        onStartedLeading: () => {
          this.#startWorkers();
        },
        onStoppedLeading: () => {
          this.#onStoppedLeading(lock.description);
        },
      },
    });
    this.#elector = elector;
    const health = new LeaderHealthCheck(
      elector,
      le.healthToleranceMs,
      this.#opts.clock ?? systemClock,
    );
    this.healthChecks.add("leader-election", () => health.check());
    this.#electing = elector.run(this.#stop.signal);
  }

  #onStoppedLeading(lock: string): void {
    if (this.#stop.signal.aborted) return;
    this.#failure = new LeaseLostError(lock);
    this.logger.error({ err: this.#failure }, "leader election lost; stopping");
    // No grace period: another replica may already lead, so in-flight work is aborted at once.
    this.#stopped ??= this.#shutdown(0);
  }

  async #shutdown(graceMs: number): Promise<void> {
    // Intake stops first and the lease is released last, so no two leaders overlap.
    const finished = await Promise.all(this.#controllers.map((c) => c.stopWorkers(graceMs)));
    this.#working = false;
    this.#stop.abort();
    await this.#electing;
    await Promise.all(this.#controllers.map((c) => c.stopInformers()));
    await Promise.all(this.#recorders.map((r) => r.flush()));
    await Promise.all(this.#servers.map((s) => s.close()));
    await this.rest.close();
    this.logger.info({ finishedInGrace: finished.every(Boolean) }, "manager stopped");
  }

  #waitForStop(): Promise<void> {
    if (this.#stop.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.#stop.signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
    });
  }

  async #startServers(): Promise<void> {
    const metrics = await serve(this.#opts.metricsBindAddress ?? ":8080", {
      "/metrics": async () => ({
        status: 200,
        contentType: this.metrics.registry.contentType,
        body: await this.metrics.registry.metrics(),
      }),
    });
    const health = await serve(this.#opts.healthProbeBindAddress ?? ":8081", {
      "/healthz": () => Promise.resolve(answer(this.healthChecks)),
      "/readyz": () => Promise.resolve(answer(this.readyChecks)),
    });
    for (const s of [metrics, health]) if (s !== undefined) this.#servers.push(s);
    this.#ports = { metrics: metrics?.port, health: health?.port };
  }

  #syncedCheck() {
    const pending = this.#controllers.filter((c) => !c.hasSynced).map((c) => c.name);
    return pending.length === 0
      ? { ok: true }
      : { ok: false, message: `not synced: ${pending.join(", ")}` };
  }

  #leadershipKnownCheck() {
    if (this.#opts.leaderElection === undefined) return { ok: true };
    const known = this.#elector?.leadershipKnown === true;
    return known ? { ok: true } : { ok: false, message: "leadership not known yet" };
  }
}

function answer(checks: CheckSet) {
  const { ok, lines } = checks.run();
  const body = `${lines.join("\n")}\n${ok ? "ok" : "failed"}\n`;
  return { status: ok ? 200 : 500, contentType: "text/plain", body };
}
