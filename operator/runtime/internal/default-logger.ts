import { pino } from "pino";
import type { Logger } from "pino";

let fallback: Logger | undefined;

/** @internal The logger used when none is injected: pino at `info`, JSON to stdout. */
export function defaultLogger(): Logger {
  fallback ??= pino({ name: "operator-runtime" });
  return fallback;
}
