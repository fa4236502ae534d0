/**
 * The ACM PCA awsJson1_1 endpoint: faults, SigV4, access checks, quotas, then the operation.
 * @internal
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonAuthError } from "./auth-errors.ts";
import { importCertificateAuthorityCertificate } from "./ca-import.ts";
import { createCertificateAuthority } from "./ca-create.ts";
import {
  deleteCertificateAuthority,
  describeCertificateAuthority,
  getCertificateAuthorityCertificate,
  getCertificateAuthorityCsr,
  listCertificateAuthorities,
  restoreCertificateAuthority,
  updateCertificateAuthority,
} from "./ca-ops.ts";
import { getCertificate, revokeCertificate } from "./cert-ops.ts";
import { issueCertificate } from "./cert-issue.ts";
import type { PcaContext, Settings } from "./context.ts";
import type { Counters } from "./counters.ts";
import { AwsError } from "./errors.ts";
import type { Faults } from "./faults.ts";
import type { Identities } from "./identities.ts";
import type { JsonObject } from "./input.ts";
import { AuthFailure, verifySigV4 } from "./sigv4.ts";
import type { Store } from "./state.ts";
import { claimedAccessKey, JSON_TYPE, send, sendJsonError, sleep } from "./wire.ts";

type Handler = (ctx: PcaContext, body: JsonObject) => JsonObject | Promise<JsonObject>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateCertificateAuthority: createCertificateAuthority,
  DescribeCertificateAuthority: describeCertificateAuthority,
  GetCertificateAuthorityCsr: getCertificateAuthorityCsr,
  ImportCertificateAuthorityCertificate: importCertificateAuthorityCertificate,
  GetCertificateAuthorityCertificate: getCertificateAuthorityCertificate,
  UpdateCertificateAuthority: updateCertificateAuthority,
  DeleteCertificateAuthority: deleteCertificateAuthority,
  RestoreCertificateAuthority: restoreCertificateAuthority,
  ListCertificateAuthorities: listCertificateAuthorities,
  IssueCertificate: issueCertificate,
  GetCertificate: getCertificate,
  RevokeCertificate: revokeCertificate,
};

/** What the PCA endpoint works on. */
export interface PcaDeps {
  readonly store: Store;
  readonly settings: Settings;
  readonly counters: Counters;
  readonly faults: Faults;
  readonly identities: Identities;
  now(): number;
}

function parseJson(body: Buffer): JsonObject {
  const text = body.length === 0 ? "{}" : body.toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AwsError("SerializationException", "The request body is not valid JSON.", 400, {
      cause,
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object.");
  }
  return value as JsonObject;
}

async function run(
  deps: PcaDeps,
  op: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<JsonObject> {
  const handler = HANDLERS[op];
  if (handler === undefined) {
    throw new AwsError("UnknownOperationException", `The operation ${op} is not supported.`);
  }
  let caller;
  try {
    caller = verifySigV4(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body },
      deps.identities,
      "acm-pca",
      deps.now(),
    );
  } catch (err) {
    if (err instanceof AuthFailure) throw jsonAuthError(err, "acm-pca");
    throw err;
  }
  if (deps.faults.isDenied(caller.key.accessKeyId, caller.key.principalArn)) {
    throw new AwsError(
      "AccessDeniedException",
      `User: ${caller.key.principalArn} is not authorized to perform: acm-pca:${op}`,
    );
  }
  const injected = deps.faults.preflight(op, deps.now());
  if (injected !== undefined) throw injected;
  const ctx: PcaContext = { ...deps, region: caller.region, principalArn: caller.key.principalArn };
  return handler(ctx, parseJson(body));
}

/** Serves one PCA call already read into `body`. */
export async function servePca(
  deps: PcaDeps,
  op: string,
  exchange: { req: IncomingMessage; res: ServerResponse; body: Buffer; requestId: string },
): Promise<void> {
  const { req, res, requestId } = exchange;
  const keyId = claimedAccessKey(req);
  if (deps.faults.shouldDrop(op)) {
    deps.counters.recordCall(op, "dropped", keyId);
    req.socket.destroy();
    return;
  }
  await sleep(deps.faults.latencyFor(op));
  try {
    const out = await run(deps, op, req, exchange.body);
    deps.counters.recordCall(op, "ok", keyId);
    send(res, { status: 200, contentType: JSON_TYPE, body: JSON.stringify(out), requestId });
  } catch (err) {
    const aws =
      err instanceof AwsError
        ? err
        : new AwsError("InternalFailure", "An internal error occurred.", 500, { cause: err });
    deps.counters.recordCall(op, aws.code, keyId);
    sendJsonError(res, aws, requestId);
  }
}
