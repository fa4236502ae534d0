import { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import type { Logger } from "pino";
import { RequestController } from "./controllers/certificaterequest/index.ts";
import { issuerControllers } from "./controllers/issuer/index.ts";
import { IssuerRegistry } from "./controllers/issuer-registry.ts";
import { CredentialsManager, kubernetesSecretReader } from "./credentials/index.ts";
import { SigningService } from "./pca/index.ts";
import { Manager } from "./runtime/index.ts";
import type { OperatorConfig } from "./config.ts";

/**
 * Paths pino blanks in every log line, as a second line of defence: no code here logs a
 * credential on purpose, but an error object from a library might carry one.
 */
export const REDACTED_PATHS = [
  "*.secretAccessKey",
  "*.SecretAccessKey",
  "*.sessionToken",
  "*.SessionToken",
  "*.token",
  "*.data",
  "err.config.credentials",
];

/** Everything a running operator consists of, for main and for tests that run it in-process. */
export interface Operator {
  readonly manager: Manager;
  readonly registry: IssuerRegistry;
  readonly signing: SigningService;
  readonly credentials: CredentialsManager;
  readonly logger: Logger;
  /** Runs until stopped, SIGTERM or SIGINT (when signals are handled), or the lease is lost. */
  start(): Promise<void>;
  /** Stops gracefully: intake first, then in-flight work, then the lease and connections. */
  stop(): Promise<void>;
}

/** Things tests replace; production takes the defaults. */
export interface OperatorOverrides {
  readonly kubeConfig?: KubeConfig;
  readonly logger?: Logger;
  readonly handleSignals?: boolean;
  /** Reconcile only issuers with these labels (keeps test runs on one control plane apart). */
  readonly issuerLabelSelector?: string;
}

function loadKubeConfig(file: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (file === undefined) kc.loadFromDefault();
  else kc.loadFromFile(file);
  return kc;
}

/** Wires the runtime, the credentials, the signing service and the three controllers. */
export function buildOperator(config: OperatorConfig, overrides: OperatorOverrides = {}): Operator {
  const kubeConfig = overrides.kubeConfig ?? loadKubeConfig(config.kubeconfig);
  const logger =
    overrides.logger ??
    pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
  const manager = new Manager({
    kubeConfig,
    logger,
    metricsBindAddress: config.metricsBindAddress,
    healthProbeBindAddress: config.healthProbeBindAddress,
    gracefulShutdownTimeoutMs: config.gracefulShutdownTimeoutMs,
    handleSignals: overrides.handleSignals ?? true,
    ...(config.leaderElect
      ? {
          leaderElection: {
            namespace: config.leaderElectionNamespace,
            name: config.leaderElectionId,
          },
        }
      : {}),
  });
  const registry = new IssuerRegistry();
  const signing = new SigningService({
    ...(config.pcaEndpoint === undefined ? {} : { endpoint: config.pcaEndpoint }),
    rateLimiting: !config.disableClientSideRateLimiting,
    rates: {
      IssueCertificate: { ratePerSecond: config.pcaIssueRate },
      GetCertificate: { ratePerSecond: config.pcaGetRate },
    },
    registry: manager.metrics.registry,
  });
  const credentials = new CredentialsManager({
    readSecret: kubernetesSecretReader(kubeConfig),
    ...(config.stsEndpoint === undefined ? {} : { stsEndpoint: config.stsEndpoint }),
    logger: logger.child({ component: "credentials" }),
  });

  const issuerSpecs = issuerControllers(manager, {
    registry,
    credentials,
    signing,
    clusterResourceNamespace: config.clusterResourceNamespace,
    recheckIntervalMs: config.issuerRecheckIntervalMs,
    logger,
    ...(config.pcaEndpoint === undefined ? {} : { pcaEndpoint: config.pcaEndpoint }),
    ...(overrides.issuerLabelSelector === undefined
      ? {}
      : { labelSelector: overrides.issuerLabelSelector }),
  });
  for (const spec of issuerSpecs) manager.add(spec);
  new RequestController({
    manager,
    registry,
    signing,
    checkApproval: !config.disableApprovedCheck,
    maxConcurrentReconciles: config.maxConcurrentReconciles,
  }).register();

  return {
    manager,
    registry,
    signing,
    credentials,
    logger,
    async start() {
      try {
        await manager.start();
      } finally {
        signing.close();
      }
    },
    stop: () => manager.stop(),
  };
}
