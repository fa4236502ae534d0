import { FormatRegistry, Kind, Type, TypeRegistry } from "@sinclair/typebox";
import type { SchemaOptions, TUnsafe } from "@sinclair/typebox";

const STRING_ENUM = "KubeStringEnum";
const OPAQUE_OBJECT = "KubeOpaqueObject";

// Custom kinds render as plain OpenAPI but still need a checker for TypeBox's Value.Check.
if (!TypeRegistry.Has(STRING_ENUM)) {
  TypeRegistry.Set<{ enum: readonly unknown[] }>(
    STRING_ENUM,
    (schema, value) => typeof value === "string" && schema.enum.includes(value),
  );
}
if (!TypeRegistry.Has(OPAQUE_OBJECT)) {
  TypeRegistry.Set(
    OPAQUE_OBJECT,
    (_schema, value) => typeof value === "object" && value !== null && !Array.isArray(value),
  );
}

// RFC 3339 as Kubernetes writes timestamps (metav1.Time): seconds, optional fraction, a zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has("date-time")) {
  FormatRegistry.Set("date-time", (value) => DATE_TIME.test(value));
}

/**
 * A string schema limited to `values`, rendered as `{type: string, enum: [...]}`.
 *
 * TypeBox's own `Union` of `Literal`s renders as `anyOf` of `const`, which a Kubernetes
 * structural schema rejects; this keeps the OpenAPI form plain while `Static<>` still
 * yields the union of the literals and `Value.Check` still enforces the values.
 *
 * @internal
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({
    ...options,
    [Kind]: STRING_ENUM,
    type: "string",
    enum: [...values],
  });
}

/**
 * An object whose fields this schema does not describe, rendered as `{type: object}` and
 * typed as `T`. Used for `metadata`, whose validation the API server owns.
 *
 * @internal
 */
export function OpaqueObject<T>(options: SchemaOptions = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ ...options, [Kind]: OPAQUE_OBJECT, type: "object" });
}
