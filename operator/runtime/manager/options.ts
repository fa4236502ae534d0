import type { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { InformerTuning } from "../controller/controller.ts";
import type { Clock, Delay } from "../time/clock.ts";

/**
 * Leader election settings of a manager; timings as in `LeaderElectionConfig`.
 * @public
 */
export interface ManagerLeaderElection {
  /** Namespace of the Lease. */
  readonly namespace: string;
  /** Name of the Lease. */
  readonly name: string;
  /** This replica's identity. Default: `${hostname}_${random}`. */
  readonly identity?: string;
  /** Default: 15,000 ms. */
  readonly leaseDurationMs?: number;
  /** Default: 10,000 ms. */
  readonly renewDeadlineMs?: number;
  /** Default: 2,000 ms. */
  readonly retryPeriodMs?: number;
  /** Clear the holder on shutdown so another replica takes over at once. Default: true. */
  readonly releaseOnCancel?: boolean;
  /** Extra staleness tolerated by the `/healthz` leader check, in ms. Default: 20,000. */
  readonly healthToleranceMs?: number;
}

/**
 * Options of a {@link Manager}.
 * @public
 */
export interface ManagerOptions {
  /** Where and as whom to connect. */
  readonly kubeConfig: KubeConfig;
  /** Root logger; every log line of the runtime descends from it. Default: pino at info. */
  readonly logger?: Logger;
  /** Address of `/metrics`, e.g. `:8080`; `"0"` disables. Default: `:8080`. */
  readonly metricsBindAddress?: string;
  /** Address of `/healthz` and `/readyz`, e.g. `:8081`; `"0"` disables. Default: `:8081`. */
  readonly healthProbeBindAddress?: string;
  /** Leader election; omitted means every replica reconciles. */
  readonly leaderElection?: ManagerLeaderElection;
  /** How long in-flight reconciles may run after shutdown starts, in ms. Default: 30,000. */
  readonly gracefulShutdownTimeoutMs?: number;
  /** Stop on SIGTERM and SIGINT. Default: true. */
  readonly handleSignals?: boolean;
  /** Informer settings applied to every controller. */
  readonly informer?: InformerTuning;
  /** Time source. Default: the system clock. */
  readonly clock?: Clock;
  /** Sleep function matching `clock`. Default: `setTimeout`. */
  readonly delay?: Delay;
}
