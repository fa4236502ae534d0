import { Type } from "@sinclair/typebox";
import type { SchemaOptions, TUnsafe } from "@sinclair/typebox";

/**
 * A string schema limited to `values`, rendered as `{type: string, enum: [...]}`.
 *
 * TypeBox's own `Union` of `Literal`s renders as `anyOf` of `const`, which a Kubernetes
 * structural schema rejects; this keeps the OpenAPI form plain while `Static<>` still
 * yields the union of the literals.
 *
 * @internal
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: "string", enum: [...values] });
}
