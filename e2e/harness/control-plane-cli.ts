/**
 * `make control-plane`: starts the local control plane, installs cert-manager's CRDs
 * (and ours, once generated), shows that it works, and keeps running until Ctrl-C.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { ApiextensionsV1Api, VersionApi } from "@kubernetes/client-node";
import { Cmctl } from "./cmctl.ts";
import { createTestNamespace, installCrds } from "./cluster.ts";
import { startWithCrds } from "./shared.ts";
import { toolPath } from "./tools.ts";

const OUR_CRDS_DIR = path.resolve(import.meta.dirname, "..", "..", "config", "crd", "bases");

const { values } = parseArgs({
  options: { once: { type: "boolean", default: false } },
});

const started = Date.now();
const plane = await startWithCrds();
const kc = plane.kubeConfig();
if (existsSync(OUR_CRDS_DIR)) {
  const files = readdirSync(OUR_CRDS_DIR).filter((f) => f.endsWith(".yaml"));
  await installCrds(
    kc,
    files.map((f) => path.join(OUR_CRDS_DIR, f)),
  );
}
const readyMs = Date.now() - started;
const version = await kc.makeApiClient(VersionApi).getCode();
const crds = await kc.makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();

const out = process.stdout;
out.write(`control plane ready in ${readyMs} ms\n`);
out.write(`  kube-apiserver ${version.gitVersion} at ${plane.info.server}\n`);
out.write(`  kubeconfig     ${plane.info.kubeconfigPath}\n`);
out.write(`  CRDs           ${crds.items.map((c) => c.metadata?.name ?? "").join(", ")}\n`);
out.write(`try: ${toolPath("kubectl")} --kubeconfig ${plane.info.kubeconfigPath} get crds\n`);

// Show the control plane doing real work: cmctl forms a CertificateRequest exactly as
// cert-manager would and approves it. Nothing signs it until the operator runs.
const namespace = await createTestNamespace(kc, "demo");
const cmctl = new Cmctl(plane.info.kubeconfigPath);
await cmctl.createCertificateRequest(namespace, "hello", {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "hello" },
  spec: {
    secretName: "hello-tls",
    commonName: "hello.example.com",
    dnsNames: ["hello.example.com"],
    privateKey: { algorithm: "ECDSA", size: 256 },
    issuerRef: { group: "awspca.cert-manager.io", kind: "AWSPCAIssuer", name: "demo" },
  },
});
await cmctl.approve(namespace, "hello");
out.write(`cmctl created and approved CertificateRequest ${namespace}/hello:\n`);
const kubectl = promisify(execFile);
const kubectlArgs = ["get", "certificaterequest", "hello", "-n", namespace, "-o", "wide"];
const listed = await kubectl(toolPath("kubectl"), [
  ...kubectlArgs,
  `--kubeconfig=${plane.info.kubeconfigPath}`,
]);
out.write(listed.stdout);

if (values.once) {
  await plane.stop();
} else {
  out.write("press Ctrl-C to stop\n");
  const stop = (): void => {
    plane.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
