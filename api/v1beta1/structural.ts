/** A JSON Schema node as plain data. */
export type JsonSchema = Record<string, unknown>;

/** Keys TypeBox may emit that a Kubernetes structural schema must not contain. */
const FORBIDDEN = ["$id", "$ref", "$schema", "const", "anyOf", "oneOf", "allOf", "not"];

/** Keys whose values are maps of name → schema. */
const SCHEMA_MAPS = new Set(["properties"]);

/** Keys whose values are one schema. */
const SCHEMA_VALUES = new Set(["items", "additionalProperties"]);

/**
 * Error thrown when a TypeBox schema cannot become a Kubernetes structural schema.
 */
export class NonStructuralSchemaError extends Error {
  override readonly name = "NonStructuralSchemaError";

  /** JSON path of the offending node, e.g. `.properties.spec`. */
  readonly path: string;

  /**
   * @param path - JSON path of the offending node.
   * @param problem - what is wrong with it, lowercase, completing "schema at <path> ...".
   */
  constructor(path: string, problem: string) {
    super(`schema at ${path === "" ? "<root>" : path} ${problem}`);
    this.path = path;
  }
}

/**
 * Converts a TypeBox schema into a Kubernetes structural OpenAPI v3 schema.
 *
 * Drops TypeBox's symbol-keyed metadata, rejects constructs a structural schema forbids
 * (`$id`, `$ref`, `const`, combinators, `patternProperties`), requires a `type` on every
 * node, and sorts keys so the output is stable.
 *
 * @throws NonStructuralSchemaError naming the offending node.
 */
export function toStructuralSchema(schema: object): JsonSchema {
  return convert(schema as JsonSchema, "");
}

function convert(node: JsonSchema, path: string): JsonSchema {
  for (const key of Object.keys(node)) {
    if (FORBIDDEN.includes(key) || key === "patternProperties") {
      throw new NonStructuralSchemaError(path, `uses ${key}, which a structural schema forbids`);
    }
  }
  if (node.additionalProperties === false) {
    // Structural schemas prune unknown fields already; `false` is refused next to properties.
    throw new NonStructuralSchemaError(path, "sets additionalProperties: false");
  }
  if (typeof node.type !== "string" && node["x-kubernetes-int-or-string"] !== true) {
    throw new NonStructuralSchemaError(path, "has no type");
  }

  const out: JsonSchema = {};
  for (const key of Object.keys(node).sort()) {
    out[key] = convertValue(key, node[key], `${path}.${key}`);
  }
  return out;
}

function convertValue(key: string, value: unknown, path: string): unknown {
  if (SCHEMA_VALUES.has(key) && isObject(value)) {
    return convert(value, path);
  }
  if (SCHEMA_MAPS.has(key) && isObject(value)) {
    const map: JsonSchema = {};
    for (const name of Object.keys(value).sort()) {
      map[name] = convert(value[name] as JsonSchema, `${path}.${name}`);
    }
    return map;
  }
  return structuredClone(value);
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
