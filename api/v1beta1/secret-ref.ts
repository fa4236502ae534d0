import { fieldFailure } from "./field-error.ts";
import type { FieldResult } from "./field-error.ts";
import { SECRET_KEY_PATTERN } from "./patterns.ts";
import { DEFAULT_ACCESS_KEY_ID_KEY, DEFAULT_SECRET_ACCESS_KEY_KEY } from "./spec.ts";
import type { SecretRef } from "./spec.ts";
import type { IssuerScope } from "./validate.ts";

/** `spec.secretRef` after validation: which Secret, where, and which keys to read. */
export interface ResolvedSecretRef {
  /** Name of the Secret. */
  readonly name: string;
  /** Namespace of the Secret, after scoping rules and defaults. */
  readonly namespace: string;
  /** Data key of the access key id (default `AWS_ACCESS_KEY_ID`). */
  readonly accessKeyIdKey: string;
  /** Data key of the secret access key (default `AWS_SECRET_ACCESS_KEY`). */
  readonly secretAccessKeyKey: string;
  /** Data key of the session token, when `sessionTokenSelector` is set. */
  readonly sessionTokenKey?: string;
}

const SECRET_KEY = new RegExp(SECRET_KEY_PATTERN);
const FIELD = "spec.secretRef";

/**
 * Validates `spec.secretRef` and resolves its defaults and namespace.
 *
 * The reference counts as set when it names a Secret or any key selector; a `secretRef` with
 * only a namespace (or empty) means "no Secret", as it did for the peer. A namespaced issuer
 * may only name its own namespace.
 *
 * @returns the resolved reference, `undefined` when no Secret is referenced, or the first
 *   problem found.
 * @internal
 */
export function checkSecretRef(
  ref: SecretRef | undefined,
  scope: IssuerScope,
): FieldResult<ResolvedSecretRef | undefined> {
  if (ref === undefined) return { ok: true, value: undefined };
  const name = ref.name ?? "";
  if (name === "" && !hasSelector(ref)) return { ok: true, value: undefined };
  if (name === "") {
    return fieldFailure(`${FIELD}.name`, `${FIELD}.name is required when a key selector is set`);
  }

  const namespace = resolveNamespace(ref.namespace, scope);
  if (!namespace.ok) return namespace;
  const keys = resolveKeys(ref);
  if (!keys.ok) return keys;
  return { ok: true, value: { name, namespace: namespace.value, ...keys.value } };
}

function hasSelector(ref: SecretRef): boolean {
  const { accessKeyIDSelector, secretAccessKeySelector, sessionTokenSelector } = ref;
  return [accessKeyIDSelector, secretAccessKeySelector, sessionTokenSelector].some(
    (s) => s !== undefined,
  );
}

function resolveNamespace(given: string | undefined, scope: IssuerScope): FieldResult<string> {
  const namespace = given ?? "";
  if (scope.kind === "Cluster") {
    return { ok: true, value: namespace === "" ? scope.clusterResourceNamespace : namespace };
  }
  if (namespace !== "" && namespace !== scope.namespace) {
    const field = `${FIELD}.namespace`;
    return fieldFailure(
      field,
      `${field} "${namespace}" differs from the issuer's namespace "${scope.namespace}"; an AWSPCAIssuer may only read Secrets in its own namespace (use an AWSPCAClusterIssuer otherwise)`,
    );
  }
  return { ok: true, value: scope.namespace };
}

type Keys = Pick<ResolvedSecretRef, "accessKeyIdKey" | "secretAccessKeyKey" | "sessionTokenKey">;

function resolveKeys(ref: SecretRef): FieldResult<Keys> {
  const accessKeyIdKey = selectorKey(ref.accessKeyIDSelector?.key, "accessKeyIDSelector");
  if (!accessKeyIdKey.ok) return accessKeyIdKey;
  const secretAccessKeyKey = selectorKey(
    ref.secretAccessKeySelector?.key,
    "secretAccessKeySelector",
  );
  if (!secretAccessKeyKey.ok) return secretAccessKeyKey;

  const keys: Keys = {
    accessKeyIdKey: accessKeyIdKey.value ?? DEFAULT_ACCESS_KEY_ID_KEY,
    secretAccessKeyKey: secretAccessKeyKey.value ?? DEFAULT_SECRET_ACCESS_KEY_KEY,
  };
  if (ref.sessionTokenSelector === undefined) return distinct(keys);

  const sessionTokenKey = selectorKey(ref.sessionTokenSelector.key, "sessionTokenSelector");
  if (!sessionTokenKey.ok) return sessionTokenKey;
  if (sessionTokenKey.value === undefined) {
    const field = `${FIELD}.sessionTokenSelector.key`;
    return fieldFailure(field, `${field} is required when sessionTokenSelector is set`);
  }
  return distinct({ ...keys, sessionTokenKey: sessionTokenKey.value });
}

function selectorKey(key: string | undefined, selector: string): FieldResult<string | undefined> {
  if (key === undefined || key === "") return { ok: true, value: undefined };
  if (key.length > 253 || !SECRET_KEY.test(key)) {
    const field = `${FIELD}.${selector}.key`;
    return fieldFailure(
      field,
      `${field} ${JSON.stringify(key)} is not a valid Secret key (letters, digits, '-', '_', '.'; at most 253)`,
    );
  }
  return { ok: true, value: key };
}

function distinct(keys: Keys): FieldResult<Keys> {
  const { accessKeyIdKey, secretAccessKeyKey, sessionTokenKey } = keys;
  if (secretAccessKeyKey === accessKeyIdKey) {
    const field = `${FIELD}.secretAccessKeySelector.key`;
    return fieldFailure(field, `${field} "${secretAccessKeyKey}" is also the access key id's key`);
  }
  if (sessionTokenKey === accessKeyIdKey || sessionTokenKey === secretAccessKeyKey) {
    const field = `${FIELD}.sessionTokenSelector.key`;
    return fieldFailure(field, `${field} "${sessionTokenKey}" is also used for another credential`);
  }
  return { ok: true, value: keys };
}
