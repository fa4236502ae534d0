/**
 * Writes the CRDs generated from api/v1beta1 to config/crd, or with `--check` fails when the
 * committed files differ from what would be generated (CI runs `make verify-crds`).
 *
 * @packageDocumentation
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import { generateCrdFiles } from "../api/v1beta1/crd.ts";

const root = join(import.meta.dirname, "..");
const check = process.argv.includes("--check");

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    // A missing file is simply out of date; anything else is a real failure.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw err;
  }
}

let stale = 0;
for (const file of generateCrdFiles()) {
  const path = join(root, file.path);
  if ((await readOrEmpty(path)) === file.content) continue;

  if (check) {
    stale++;
    process.stderr.write(`${file.path} is out of date; run make crds\n`);
    continue;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.content);
  process.stdout.write(`wrote ${file.path}\n`);
}
process.exitCode = stale === 0 ? 0 : 1;
