/**
 * Helpers for the credentials e2e tests: a logger and error recorder whose output the leak
 * checks search, and small Secret helpers.
 * @internal
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";

import type { CredentialsLogger } from "../../operator/credentials/index.ts";

/** Region every test issuer lives in (the emulator's default). */
export const REGION = "us-east-1";

/** The emulator's account. */
export const ACCOUNT = "123456789012";

/** Records every log line and error text a scenario produces, for the leak checks. */
export class Transcript {
  readonly lines: string[] = [];
  private readonly secrets = new Set<string>();

  /** A logger writing JSON lines (like pino) into this transcript. */
  readonly logger: CredentialsLogger = {
    debug: (fields, message) => {
      this.write("debug", fields, message);
    },
    info: (fields, message) => {
      this.write("info", fields, message);
    },
    warn: (fields, message) => {
      this.write("warn", fields, message);
    },
  };

  /** Remembers a secret access key or session token that must never show up. */
  secret(...values: (string | undefined)[]): void {
    for (const v of values) if (v !== undefined && v !== "") this.secrets.add(v);
  }

  /** Records an error: its message chain and its full inspection, as a log would print it. */
  error(err: unknown): void {
    const messages: string[] = [];
    let current: unknown = err;
    while (current instanceof Error) {
      messages.push(`${current.name}: ${current.message}`);
      current = current.cause;
    }
    this.lines.push(messages.join(" <- "), inspect(err, { depth: 8 }), String(err));
  }

  /** Records arbitrary output (a child process's stdout/stderr). */
  text(value: string): void {
    this.lines.push(value);
  }

  /** Asserts that no recorded line contains any remembered secret; returns counts. */
  assertNoSecrets(): { lines: number; secrets: number } {
    assert.ok(this.secrets.size > 0, "no secrets were registered to search for");
    for (const line of this.lines) {
      for (const value of this.secrets) {
        assert.ok(!line.includes(value), `a secret value leaked into: ${line.slice(0, 200)}`);
      }
    }
    return { lines: this.lines.length, secrets: this.secrets.size };
  }

  private write(level: string, fields: object, message: string): void {
    this.lines.push(JSON.stringify({ level, ...fields, msg: message }));
  }
}

/** Runs `fn`, expecting a rejection; records it in `transcript` and returns it. */
export async function captureRejection(
  transcript: Transcript,
  fn: () => Promise<unknown>,
): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    transcript.error(err);
    return err;
  }
  assert.fail("expected a rejection");
}

/** Base64 of every value, as a Secret's `data` holds them. */
export function secretData(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
  );
}
