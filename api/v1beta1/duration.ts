import { fieldFailure } from "./field-error.ts";
import type { FieldResult } from "./field-error.ts";
import { DURATION_PATTERN } from "./patterns.ts";

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const WHOLE = new RegExp(DURATION_PATTERN);
const TERM = /([0-9]*\.?[0-9]*)(ns|us|ms|s|m|h)/g;

/**
 * Parses a non-negative Go duration string (`2160h`, `1h30m`, `1.5s`, `0`) into milliseconds.
 *
 * @param value - the field's value.
 * @param field - the field's path, used in the error message.
 * @returns the duration in milliseconds, possibly fractional below one millisecond.
 */
export function parseDuration(value: string, field: string): FieldResult<number> {
  if (!WHOLE.test(value)) {
    return fieldFailure(
      field,
      `${field} ${JSON.stringify(value)} is not a duration such as 720h, 90m or 1h30m`,
    );
  }

  let totalMs = 0;
  for (const [, amount, unit] of value.matchAll(TERM)) {
    totalMs += Number(amount) * (UNIT_MS[unit ?? ""] ?? 0);
  }
  return { ok: true, value: totalMs };
}
