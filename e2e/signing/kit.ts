import "reflect-metadata";
import pino from "pino";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { validateIssuerSpec } from "../../api/v1beta1/index.ts";
import type { IssuerSpec } from "../../api/v1beta1/index.ts";
import { IssuerRegistry } from "../../operator/controllers/issuer-registry.ts";
import { issuerRegistryKey } from "../../operator/controllers/kinds.ts";
import { RequestController } from "../../operator/controllers/certificaterequest/index.ts";
import { SigningService } from "../../operator/pca/index.ts";
import { Manager } from "../../operator/runtime/index.ts";
import { CertificateRequestKind } from "../../operator/controllers/kinds.ts";
import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import { certificatesInField, pollUntil, readyOf } from "../support/certificate-requests.ts";
import { Cmctl, createTestNamespace, sharedControlPlane } from "../harness/index.ts";
import type { SharedControlPlane } from "../harness/index.ts";

/** An emulator with an ACTIVE root and issuing CA, plus a namespace on the shared control plane. */
export interface SigningEnv {
  readonly plane: SharedControlPlane;
  readonly emulator: Emulator;
  readonly rootArn: string;
  readonly issuingArn: string;
  readonly namespace: string;
  readonly cmctl: Cmctl;
  readonly signing: SigningService;
  readonly registry: IssuerRegistry;
  readonly manager: Manager;
  stop(): Promise<void>;
}

/** Options of {@link startSigningEnv}. */
export interface SigningEnvOptions {
  readonly checkApproval?: boolean;
  readonly rateLimiting?: boolean;
}

/**
 * Starts the CertificateRequest controller in-process against the shared control plane and a
 * fresh emulator. Issuers are put into the registry by {@link readyIssuer}, standing in for
 * the issuer controllers, so these tests isolate the request path.
 */
export async function startSigningEnv(options: SigningEnvOptions = {}): Promise<SigningEnv> {
  const plane = await sharedControlPlane();
  const emulator = await startEmulator();
  const rootArn = await emulator.createRootCa("RSA_2048");
  const issuingArn = await emulator.createSubordinateCa(rootArn, "EC_prime256v1");
  const namespace = await createTestNamespace(plane.kubeConfig(), "sign");
  const signing = new SigningService({
    endpoint: emulator.endpoint,
    rateLimiting: options.rateLimiting ?? true,
  });
  const registry = new IssuerRegistry();
  const manager = new Manager({
    kubeConfig: plane.kubeConfig(),
    logger: pino({ level: process.env.E2E_LOG_LEVEL ?? "warn" }),
    metricsBindAddress: "0",
    healthProbeBindAddress: "0",
    handleSignals: false,
  });
  new RequestController({
    manager,
    registry,
    signing,
    checkApproval: options.checkApproval ?? true,
  }).register();
  const running = manager.start();
  running.catch(() => undefined); // surfaced by stop()
  return {
    plane,
    emulator,
    rootArn,
    issuingArn,
    namespace,
    cmctl: new Cmctl(plane.info.kubeconfigPath),
    signing,
    registry,
    manager,
    async stop() {
      await manager.stop();
      await running;
      await emulator.stop();
    },
  };
}

/** Puts a Ready AWSPCAIssuer into the registry, signing with the emulator's default key. */
export function readyIssuer(env: SigningEnv, name: string, spec: Partial<IssuerSpec> = {}): void {
  const validated = validateIssuerSpec(
    { arn: env.issuingArn, ...spec },
    {
      kind: "Namespaced",
      namespace: env.namespace,
    },
  );
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  const key = issuerRegistryKey("AWSPCAIssuer", env.namespace, name);
  const { accessKeyId, secretAccessKey } = env.emulator.defaultAccessKey;
  env.registry.set(key, {
    ready: true,
    reason: "Verified",
    message: "test issuer",
    signing: {
      key,
      config: validated.config,
      credentials: () => Promise.resolve({ accessKeyId, secretAccessKey }),
      credentialsKey: accessKeyId,
    },
  });
}

/** Reads a CertificateRequest. */
export async function getRequest(env: SigningEnv, name: string): Promise<CertificateRequest> {
  return env.manager.client(CertificateRequestKind).get(env.namespace, name);
}

/** Polls until `predicate` holds for the request, or fails after `timeoutMs`. */
export async function waitForRequest(
  env: SigningEnv,
  name: string,
  predicate: (cr: CertificateRequest) => boolean,
  timeoutMs = 20_000,
): Promise<CertificateRequest> {
  const what = `request ${name}`;
  return pollUntil(() => getRequest(env, name), predicate, { timeoutMs, what });
}

export { certificatesInField as certificatesOf, readyOf };
