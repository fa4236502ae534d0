import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { toolPath } from "./tools.ts";

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

/** A cert-manager Certificate manifest, as cmctl reads it from a file. */
export interface CertificateManifest {
  apiVersion: "cert-manager.io/v1";
  kind: "Certificate";
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

/** What `cmctl create certificaterequest` left behind. */
export interface CreatedRequest {
  /** The private key cmctl generated, PEM. */
  keyPem: string;
}

/**
 * Drives the real cmctl binary, so requests are formed exactly as cert-manager forms
 * them (CSR, usages, isCA, duration, issuerRef) rather than as our tests imagine.
 */
export class Cmctl {
  readonly #kubeconfig: string;
  readonly #workDir = mkdtempSync(path.join(tmpdir(), "awspca-cmctl-"));

  constructor(kubeconfigPath: string) {
    this.#kubeconfig = kubeconfigPath;
  }

  /** Runs cmctl with the given arguments and returns its standard output. */
  async exec(args: readonly string[]): Promise<string> {
    const { stdout } = await run(toolPath("cmctl"), [...args, `--kubeconfig=${this.#kubeconfig}`], {
      timeout: TIMEOUT_MS,
    });
    return stdout;
  }

  /** Creates a CertificateRequest named `name` from a Certificate manifest. */
  async createCertificateRequest(
    namespace: string,
    name: string,
    certificate: CertificateManifest,
  ): Promise<CreatedRequest> {
    const manifest = path.join(this.#workDir, `${namespace}-${name}.yaml`);
    const keyFile = path.join(this.#workDir, `${namespace}-${name}.key`);
    writeFileSync(manifest, stringify(certificate));
    await this.exec([
      "create",
      "certificaterequest",
      name,
      `--namespace=${namespace}`,
      `--from-certificate-file=${manifest}`,
      `--output-key-file=${keyFile}`,
    ]);
    return { keyPem: readFileSync(keyFile, "utf8") };
  }

  /** Approves a CertificateRequest, as an approver would. */
  async approve(namespace: string, name: string, reason = "E2EApproved"): Promise<void> {
    await this.exec([
      "approve",
      name,
      `--namespace=${namespace}`,
      `--reason=${reason}`,
      "--message=approved by e2e",
    ]);
  }

  /** Denies a CertificateRequest. */
  async deny(namespace: string, name: string, reason = "E2EDenied"): Promise<void> {
    await this.exec([
      "deny",
      name,
      `--namespace=${namespace}`,
      `--reason=${reason}`,
      "--message=denied by e2e",
    ]);
  }
}
