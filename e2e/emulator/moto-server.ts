/**
 * Starts moto's server (installed by e2e/tools/moto.sh into a cache venv) on a free loopback
 * port for the cross-check test. Throws when moto cannot be installed or started: the
 * cross-check must fail, not skip, without it.
 * @internal
 */
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** A running moto server. */
export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("../tools/moto.sh", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitReady(endpoint: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // Not listening yet; retry until the deadline.
    }
    if (Date.now() > deadline) throw new Error(`moto server at ${endpoint} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Installs (once, cached) and starts moto; resolves when it answers. */
export async function startMoto(timeoutMs = 120_000): Promise<MotoServer> {
  const bin = execFileSync(SCRIPT, { encoding: "utf8", timeout: timeoutMs }).trim();
  const port = await freePort();
  const proc = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) =>
    proc.once("exit", () => {
      resolve();
    }),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitReady(endpoint, Date.now() + 20_000);
  } catch (err) {
    proc.kill("SIGKILL");
    throw err;
  }
  return {
    endpoint,
    stop: async () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await exited;
    },
  };
}
