import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeConfig } from "@kubernetes/client-node";
import { loadKubeConfig, renderKubeconfig } from "./kubeconfig.ts";
import { createControlPlanePki, type ControlPlanePki } from "./pki.ts";
import { freePort } from "./ports.ts";
import { SupervisedProcess, type StopMode } from "./supervised-process.ts";
import { toolPath } from "./tools.ts";

const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/** Options for {@link ControlPlane.start}. */
export interface ControlPlaneOptions {
  /** Working folder for certificates, etcd data and logs; a temporary one by default. */
  dir?: string;
  /** Keep the folder after stop (for debugging); default false. */
  keepDir?: boolean;
  /** Extra kube-apiserver flags, appended after the defaults. */
  apiServerFlags?: readonly string[];
}

/** Serializable facts about a running control plane, shared with test processes. */
export interface ControlPlaneInfo {
  dir: string;
  server: string;
  kubeconfigPath: string;
  etcdEndpoint: string;
  /** The `iss` of service-account tokens, and the base of the OIDC discovery endpoints. */
  serviceAccountIssuer: string;
  caPem: string;
  serviceAccountPublicKeyPem: string;
}

interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiServer: number;
}

/**
 * A local Kubernetes control plane: etcd and kube-apiserver as supervised processes,
 * the way controller-runtime's envtest runs them. RBAC is on, service-account tokens
 * are signed with a generated key, and an admin kubeconfig is written to disk.
 */
export class ControlPlane {
  readonly info: ControlPlaneInfo;
  readonly pki: ControlPlanePki;
  readonly #etcd: SupervisedProcess;
  readonly #apiServer: SupervisedProcess;
  readonly #keepDir: boolean;

  private constructor(
    info: ControlPlaneInfo,
    pki: ControlPlanePki,
    procs: [SupervisedProcess, SupervisedProcess],
    keepDir: boolean,
  ) {
    this.info = info;
    this.pki = pki;
    [this.#etcd, this.#apiServer] = procs;
    this.#keepDir = keepDir;
  }

  /** Starts etcd and kube-apiserver on free loopback ports and waits until the API is ready. */
  static async start(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "awspca-cp-"));
    mkdirSync(dir, { recursive: true });
    const pki = await createControlPlanePki();
    const files = writePki(dir, pki);
    const ports: Ports = {
      etcdClient: await freePort(),
      etcdPeer: await freePort(),
      apiServer: await freePort(),
    };
    const server = `https://127.0.0.1:${ports.apiServer}`;
    const etcdEndpoint = `http://127.0.0.1:${ports.etcdClient}`;
    const info: ControlPlaneInfo = {
      dir,
      server,
      kubeconfigPath: path.join(dir, "admin.kubeconfig"),
      etcdEndpoint,
      serviceAccountIssuer: server,
      caPem: pki.ca.certPem,
      serviceAccountPublicKeyPem: pki.serviceAccount.publicKeyPem,
    };
    writeFileSync(
      info.kubeconfigPath,
      renderKubeconfig({ server, caPem: pki.ca.certPem, user: pki.admin, userName: "admin" }),
      { mode: 0o600 },
    );
    const etcd = new SupervisedProcess("etcd", etcdArgs(dir, ports), path.join(dir, "etcd.log"));
    const apiArgs = [...apiServerArgs(files, ports, info), ...(options.apiServerFlags ?? [])];
    const apiServer = new SupervisedProcess(
      "kube-apiserver",
      apiArgs,
      path.join(dir, "kube-apiserver.log"),
    );
    const plane = new ControlPlane(info, pki, [etcd, apiServer], options.keepDir ?? false);
    try {
      await plane.startEtcd();
      await plane.startApiServer();
    } catch (err) {
      await plane.stop();
      throw err;
    }
    return plane;
  }

  /** A client-node KubeConfig for the admin user (`system:masters`). */
  kubeConfig(): KubeConfig {
    return loadKubeConfig(this.info.kubeconfigPath);
  }

  /** Starts etcd and waits until it answers its health endpoint. */
  async startEtcd(): Promise<void> {
    this.#etcd.start();
    await this.#waitUntil(this.#etcd, () => httpOk(`${this.info.etcdEndpoint}/health`));
  }

  /** Stops etcd: gracefully, or with SIGKILL to simulate a crash. */
  async stopEtcd(mode: StopMode = "graceful"): Promise<void> {
    await this.#etcd.stop(mode);
  }

  /** Stops and starts etcd with the same data and ports. */
  async restartEtcd(mode: StopMode = "graceful"): Promise<void> {
    await this.stopEtcd(mode);
    await this.startEtcd();
  }

  /** Starts kube-apiserver and waits until `/readyz` answers 200 to the admin user. */
  async startApiServer(): Promise<void> {
    this.#apiServer.start();
    await this.#waitUntil(this.#apiServer, () => this.#apiReady());
  }

  /** Stops kube-apiserver: gracefully, or with SIGKILL to simulate a crash. */
  async stopApiServer(mode: StopMode = "graceful"): Promise<void> {
    await this.#apiServer.stop(mode);
  }

  /** Stops and starts kube-apiserver on the same port, with the same flags and data. */
  async restartApiServer(mode: StopMode = "graceful"): Promise<void> {
    await this.stopApiServer(mode);
    await this.startApiServer();
  }

  /** Lets the test process exit without stopping the control plane first (see SupervisedProcess). */
  unref(): void {
    this.#apiServer.unref();
    this.#etcd.unref();
  }

  /** Stops both processes and removes the working folder unless asked to keep it. */
  async stop(): Promise<void> {
    await this.#apiServer.stop();
    await this.#etcd.stop();
    if (!this.#keepDir) rmSync(this.info.dir, { recursive: true, force: true });
  }

  async #apiReady(): Promise<boolean> {
    return httpsOk(`${this.info.server}/readyz`, this.pki);
  }

  async #waitUntil(proc: SupervisedProcess, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!proc.running) {
        throw new Error(
          `${proc.name} exited during start-up; log ${proc.logFile}:\n${proc.logTail()}`,
        );
      }
      if (await ready()) return;
      await sleep(POLL_MS);
    }
    throw new Error(`${proc.name} not ready after ${READY_TIMEOUT_MS} ms; log:\n${proc.logTail()}`);
  }
}

interface PkiFiles {
  caCert: string;
  servingCert: string;
  servingKey: string;
  saPublic: string;
  saPrivate: string;
}

function writePki(dir: string, pki: ControlPlanePki): PkiFiles {
  const pkiDir = path.join(dir, "pki");
  mkdirSync(pkiDir, { recursive: true });
  const write = (name: string, content: string): string => {
    const file = path.join(pkiDir, name);
    writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  return {
    caCert: write("ca.crt", pki.ca.certPem),
    servingCert: write("apiserver.crt", pki.serving.certPem),
    servingKey: write("apiserver.key", pki.serving.keyPem),
    saPublic: write("sa.pub", pki.serviceAccount.publicKeyPem),
    saPrivate: write("sa.key", pki.serviceAccount.privateKeyPem),
  };
}

function etcdArgs(dir: string, ports: Ports): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    toolPath("etcd"),
    `--data-dir=${path.join(dir, "etcd")}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // Test data is disposable; skipping fsync makes etcd many times faster on a busy disk.
    "--unsafe-no-fsync=true",
    "--log-level=warn",
  ];
}

function apiServerArgs(files: PkiFiles, ports: Ports, info: ControlPlaneInfo): string[] {
  return [
    toolPath("kube-apiserver"),
    `--etcd-servers=${info.etcdEndpoint}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${ports.apiServer}`,
    `--cert-dir=${path.dirname(files.caCert)}`,
    `--tls-cert-file=${files.servingCert}`,
    `--tls-private-key-file=${files.servingKey}`,
    `--client-ca-file=${files.caCert}`,
    "--authorization-mode=RBAC",
    `--service-account-issuer=${info.serviceAccountIssuer}`,
    `--service-account-key-file=${files.saPublic}`,
    `--service-account-signing-key-file=${files.saPrivate}`,
    "--service-cluster-ip-range=10.0.0.0/24",
    "--allow-privileged=true",
    "--disable-admission-plugins=ServiceAccount",
    "--enable-priority-and-fairness=false",
    "--profiling=false",
    "--v=1",
  ];
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false; // not listening yet: the caller polls again
  }
}

async function httpsOk(url: string, pki: ControlPlanePki): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, {
      ca: pki.ca.certPem,
      cert: pki.admin.certPem,
      key: pki.admin.keyPem,
      timeout: 2000,
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    // Refused connections and timeouts only mean "not ready yet".
    req.on("error", () => {
      resolve(false);
    });
    req.on("timeout", () => req.destroy());
    req.end();
  });
}
