import { writeFileSync } from "node:fs";
import path from "node:path";
import type { ControlPlane } from "./control-plane.ts";
import { SHARED_STATE_ENV, startWithCrds } from "./shared.ts";

let plane: ControlPlane | undefined;

/**
 * Starts the control plane that every test file of the run shares, and tells the test
 * processes where to find it through an environment variable they inherit.
 */
export async function globalSetup(): Promise<void> {
  const started = Date.now();
  plane = await startWithCrds();
  const stateFile = path.join(plane.info.dir, "state.json");
  writeFileSync(stateFile, JSON.stringify(plane.info));
  process.env[SHARED_STATE_ENV] = stateFile;
  process.stderr.write(
    `e2e: control plane ${plane.info.server} ready in ${Date.now() - started} ms\n`,
  );
}

/** Stops the shared control plane after the last test file. */
export async function globalTeardown(): Promise<void> {
  await plane?.stop();
}
