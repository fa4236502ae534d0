import { Command, InvalidArgumentError, Option } from "commander";
import { parseDuration } from "../api/v1beta1/index.ts";

/** The operator's settings, from its command line. */
export interface OperatorConfig {
  readonly kubeconfig: string | undefined;
  readonly metricsBindAddress: string;
  readonly healthProbeBindAddress: string;
  readonly leaderElect: boolean;
  readonly leaderElectionNamespace: string;
  readonly leaderElectionId: string;
  readonly disableApprovedCheck: boolean;
  readonly disableClientSideRateLimiting: boolean;
  readonly clusterResourceNamespace: string;
  readonly maxConcurrentReconciles: number;
  readonly issuerRecheckIntervalMs: number;
  readonly pcaIssueRate: number;
  readonly pcaGetRate: number;
  readonly pcaEndpoint: string | undefined;
  readonly stsEndpoint: string | undefined;
  readonly logLevel: string;
  readonly gracefulShutdownTimeoutMs: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a number above 0");
  return n;
}

function duration(value: string): number {
  const parsed = parseDuration(value, "value");
  if (!parsed.ok || parsed.value <= 0) {
    throw new InvalidArgumentError("must be a Go duration such as 30s or 5m");
  }
  return parsed.value;
}

/** The command-line definition; `--help` prints every flag with its default. */
export function operatorCommand(): Command {
  return new Command("awspca-issuer")
    .description("cert-manager external issuer that signs with AWS Private CA")
    .option(
      "--kubeconfig <file>",
      "kubeconfig to use; default in-cluster config, then $KUBECONFIG, then ~/.kube/config",
    )
    .option(
      "--metrics-bind-address <addr>",
      "address of the Prometheus /metrics endpoint; 0 disables",
      ":8080",
    )
    .option(
      "--health-probe-bind-address <addr>",
      "address of /healthz and /readyz; 0 disables",
      ":8081",
    )
    .option("--leader-elect", "elect a leader so only one replica reconciles", false)
    .addOption(
      new Option("--leader-election-namespace <ns>", "namespace of the leader election Lease")
        .env("POD_NAMESPACE")
        .default("cert-manager"),
    )
    .option(
      "--leader-election-id <name>",
      "name of the leader election Lease",
      "b858308c.awspca.cert-manager.io",
    )
    .option(
      "--disable-approved-check",
      "sign CertificateRequests without waiting for an Approved condition",
      false,
    )
    .option(
      "--disable-client-side-rate-limiting",
      "send PCA calls as fast as they come instead of pacing them below the PCA quotas",
      false,
    )
    .option(
      "--cluster-resource-namespace <ns>",
      "namespace where AWSPCAClusterIssuers find Secrets that name no namespace",
      "cert-manager",
    )
    .option(
      "--max-concurrent-reconciles <n>",
      "CertificateRequests signed at once",
      positiveInt,
      64,
    )
    .addOption(
      new Option(
        "--issuer-recheck-interval <duration>",
        "how often a Ready issuer's CA is checked again",
      )
        .argParser(duration)
        .default(300_000, "5m"),
    )
    .option(
      "--pca-issue-rate <per-second>",
      "IssueCertificate calls per second per CA account",
      positiveNumber,
      24,
    )
    .option(
      "--pca-get-rate <per-second>",
      "GetCertificate calls per second per CA account",
      positiveNumber,
      72,
    )
    .addOption(
      new Option("--pca-endpoint <url>", "AWS Private CA endpoint override").env(
        "AWS_ENDPOINT_URL_ACM_PCA",
      ),
    )
    .addOption(
      new Option("--sts-endpoint <url>", "AWS STS endpoint override").env("AWS_ENDPOINT_URL_STS"),
    )
    .addOption(
      new Option("--log-level <level>", "log level")
        .choices(["trace", "debug", "info", "warn", "error"])
        .default("info"),
    )
    .addOption(
      new Option(
        "--graceful-shutdown-timeout <duration>",
        "how long in-flight requests may finish after SIGTERM",
      )
        .argParser(duration)
        .default(30_000, "30s"),
    );
}

/** Parses a command line (without the node and script arguments) into an {@link OperatorConfig}. */
export function parseConfig(argv: readonly string[]): OperatorConfig {
  const command = operatorCommand().exitOverride();
  command.parse([...argv], { from: "user" });
  const o = command.opts<Record<string, unknown>>();
  return {
    kubeconfig: o.kubeconfig as string | undefined,
    metricsBindAddress: o.metricsBindAddress as string,
    healthProbeBindAddress: o.healthProbeBindAddress as string,
    leaderElect: o.leaderElect as boolean,
    leaderElectionNamespace: o.leaderElectionNamespace as string,
    leaderElectionId: o.leaderElectionId as string,
    disableApprovedCheck: o.disableApprovedCheck as boolean,
    disableClientSideRateLimiting: o.disableClientSideRateLimiting as boolean,
    clusterResourceNamespace: o.clusterResourceNamespace as string,
    maxConcurrentReconciles: o.maxConcurrentReconciles as number,
    issuerRecheckIntervalMs: o.issuerRecheckInterval as number,
    pcaIssueRate: o.pcaIssueRate as number,
    pcaGetRate: o.pcaGetRate as number,
    pcaEndpoint: o.pcaEndpoint as string | undefined,
    stsEndpoint: o.stsEndpoint as string | undefined,
    logLevel: o.logLevel as string,
    gracefulShutdownTimeoutMs: o.gracefulShutdownTimeout as number,
  };
}
