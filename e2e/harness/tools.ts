import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

const TOOLS_DIR = path.resolve(import.meta.dirname, "..", "tools");

/** The Go-built test binaries the harness runs. */
export type ToolName = "etcd" | "kube-apiserver" | "kubectl" | "cmctl" | "peer";

const VERSION_KEYS: Record<ToolName, string> = {
  etcd: "ETCD_VERSION",
  "kube-apiserver": "KUBERNETES_VERSION",
  kubectl: "KUBERNETES_VERSION",
  cmctl: "CMCTL_VERSION",
  peer: "PEER_VERSION",
};

/** Reads e2e/tools/versions.env, the single place where tool versions are pinned. */
export function toolVersions(): Record<string, string> {
  const text = readFileSync(path.join(TOOLS_DIR, "versions.env"), "utf8");
  const versions: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(\S+)/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) versions[match[1]] = match[2];
  }
  return versions;
}

/** The cache folder build-tools.sh writes to; mirrors the script's own rule. */
export function toolsCacheDir(): string {
  const override = process.env.AWSPCA_TOOLS_CACHE;
  if (override) return override;
  const base = process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache");
  return path.join(base, "awspca-issuer-ts", "tools");
}

/**
 * Returns the path of a cached tool binary.
 *
 * @throws Error naming the command that builds it when the binary is missing.
 */
export function toolPath(name: ToolName): string {
  const version = toolVersions()[VERSION_KEYS[name]];
  if (version === undefined) throw new Error(`versions.env has no ${VERSION_KEYS[name]}`);
  const file = path.join(toolsCacheDir(), `${name}-${version}`);
  if (!existsSync(file)) {
    const target = name === "peer" ? "make peer" : "make tools";
    throw new Error(`${name} ${version} is not built yet (${file}); run \`${target}\``);
  }
  return file;
}
