/**
 * Reads request members and collects constraint violations the way the AWS front end reports
 * them: one `ValidationException` listing every violation, members named in camelCase.
 * @internal
 */
import { AwsError, validationError } from "./errors.ts";

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

interface Limits {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
}

function camel(path: string): string {
  return path
    .split(".")
    .map((p) => p.charAt(0).toLowerCase() + p.slice(1))
    .join(".");
}

function serialization(path: string): AwsError {
  return new AwsError("SerializationException", `Unexpected value type at '${camel(path)}'`);
}

/** Collects violations while reading members of one request. */
export class Input {
  private readonly violations: string[] = [];
  private readonly body: JsonObject;

  constructor(body: JsonObject) {
    this.body = body;
  }

  /** Throws the collected `ValidationException`, if any. */
  done(): void {
    if (this.violations.length > 0) throw validationError(this.violations);
  }

  /** Records a violation for `path` with `shown` as the offending value. */
  fail(path: string, shown: string, constraint: string): void {
    this.violations.push(
      `Value ${shown} at '${camel(path)}' failed to satisfy constraint: ${constraint}`,
    );
  }

  /** A string member (dotted path into nested objects). */
  str(path: string, limits: Limits = {}): string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) {
      this.missing(path, limits);
      return;
    }
    if (typeof v !== "string") throw serialization(path);
    const shown = `'${v}'`;
    if (limits.min !== undefined && v.length < limits.min) {
      this.fail(path, shown, `Member must have length greater than or equal to ${limits.min}`);
    }
    if (limits.max !== undefined && v.length > limits.max) {
      this.fail(path, shown, `Member must have length less than or equal to ${limits.max}`);
    }
    if (limits.pattern !== undefined && !limits.pattern.test(v)) {
      const p = limits.patternText ?? limits.pattern.source;
      this.fail(path, shown, `Member must satisfy regular expression pattern: ${p}`);
    }
    return v;
  }

  /** A string member restricted to an enum. */
  enumOf<T extends string>(path: string, values: readonly T[], required = false): T | undefined {
    const v = this.str(path, { required });
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      this.fail(path, `'${v}'`, `Member must satisfy enum value set: [${values.join(", ")}]`);
      return undefined;
    }
    return v as T;
  }

  /** A numeric member. */
  num(path: string, limits: Limits = {}): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) {
      this.missing(path, limits);
      return;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) throw serialization(path);
    if (limits.min !== undefined && v < limits.min) {
      this.fail(path, `'${v}'`, `Member must have value greater than or equal to ${limits.min}`);
    }
    if (limits.max !== undefined && v > limits.max) {
      this.fail(path, `'${v}'`, `Member must have value less than or equal to ${limits.max}`);
    }
    return v;
  }

  /** A blob member (base64 on the wire), returned decoded. */
  blob(path: string, limits: Limits = {}): Buffer | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) {
      this.missing(path, limits);
      return;
    }
    if (typeof v !== "string") throw serialization(path);
    const bytes = Buffer.from(v, "base64");
    const shown = `'java.nio.HeapByteBuffer[pos=0 lim=${bytes.length} cap=${bytes.length}]'`;
    if (limits.min !== undefined && bytes.length < limits.min) {
      this.fail(path, shown, `Member must have length greater than or equal to ${limits.min}`);
    }
    if (limits.max !== undefined && bytes.length > limits.max) {
      this.fail(path, shown, `Member must have length less than or equal to ${limits.max}`);
    }
    return bytes;
  }

  /** A structure member. */
  obj(path: string, required = false): JsonObject | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) {
      this.missing(path, { required });
      return;
    }
    if (typeof v !== "object" || Array.isArray(v)) throw serialization(path);
    return v as JsonObject;
  }

  /** A list member. */
  list(path: string, limits: Limits = {}): unknown[] | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) {
      this.missing(path, limits);
      return;
    }
    if (!Array.isArray(v)) throw serialization(path);
    if (limits.min !== undefined && v.length < limits.min) {
      this.fail(path, "'[...]'", `Member must have length greater than or equal to ${limits.min}`);
    }
    if (limits.max !== undefined && v.length > limits.max) {
      this.fail(path, "'[...]'", `Member must have length less than or equal to ${limits.max}`);
    }
    return v as unknown[];
  }

  private missing(path: string, limits: Limits): undefined {
    // A nested member is only required when its parent structure is present.
    const parent = path.includes(".") ? this.get(path.slice(0, path.lastIndexOf("."))) : this.body;
    const present = typeof parent === "object" && parent !== null;
    if (limits.required === true && present) this.fail(path, "null", "Member must not be null");
    return undefined;
  }

  private get(path: string): unknown {
    let cur: unknown = this.body;
    for (const key of path.split(".")) {
      if (typeof cur !== "object" || cur === null) return undefined;
      cur = (cur as JsonObject)[key];
    }
    return cur;
  }
}

/** The service model's ARN pattern (facts §2). */
export const ARN_PATTERN =
  /^arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]*:[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;

/** Limits of an `Arn` member. */
export const ARN_LIMITS = {
  min: 5,
  max: 200,
  pattern: ARN_PATTERN,
  patternText: "arn:[\\w+=/,.@-]+:acm-pca:[\\w+=/,.@-]*:[0-9]*:[\\w+=,.@-]+(/[\\w+=,.@-]+)*",
} as const;

/** Limits of an `IdempotencyToken` member. */
export const TOKEN_LIMITS = {
  min: 1,
  max: 36,
  // eslint-disable-next-line no-control-regex -- the model's pattern admits tab, LF and CR
  pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]*$/,
  patternText: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]*",
} as const;
