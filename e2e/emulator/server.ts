/**
 * The HTTP server: reads each request and routes it to the admin API, the PCA JSON endpoint or
 * the STS Query endpoint.
 * @internal
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { AwsError } from "./errors.ts";
import { servePca, type PcaDeps } from "./pca-endpoint.ts";
import { serveSts } from "./sts-endpoint.ts";
import { readBody, send, sendJsonError } from "./wire.ts";

/** Answers admin calls under `/_emulator/`: status and JSON body. */
export type AdminHandler = (
  method: string,
  path: string,
  body: unknown,
) => Promise<{ status: number; body: unknown }>;

/** The path prefix of the admin API. */
export const ADMIN_PREFIX = "/_emulator/";

const JSON_CT = "application/json";

async function serveAdmin(
  admin: AdminHandler,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const requestId = randomUUID();
  let parsed: unknown = undefined;
  try {
    parsed = body.length === 0 ? undefined : JSON.parse(body.toString("utf8"));
  } catch {
    // A malformed admin body is answered below like any other bad admin request.
    send(res, { status: 400, contentType: JSON_CT, body: '{"error":"invalid json"}', requestId });
    return;
  }
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const out = await admin(req.method ?? "GET", path.slice(ADMIN_PREFIX.length), parsed);
  send(res, {
    status: out.status,
    contentType: JSON_CT,
    body: JSON.stringify(out.body ?? {}),
    requestId,
  });
}

async function route(
  deps: PcaDeps,
  admin: AdminHandler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(req);
  if ((req.url ?? "").startsWith(ADMIN_PREFIX)) {
    await serveAdmin(admin, req, res, body);
    return;
  }
  const target = req.headers["x-amz-target"];
  const exchange = { req, res, body, requestId };
  if (typeof target === "string" && target.startsWith("ACMPrivateCA.")) {
    await servePca(deps, target.slice("ACMPrivateCA.".length), exchange);
    return;
  }
  const type = req.headers["content-type"] ?? "";
  if (req.method === "POST" && type.startsWith("application/x-www-form-urlencoded")) {
    await serveSts(deps, exchange);
    return;
  }
  sendJsonError(res, new AwsError("UnknownOperationException", "Unknown operation"), requestId);
}

/** Creates the server; it is not listening yet. */
export function createEmulatorServer(deps: PcaDeps, admin: AdminHandler): Server {
  return createServer((req, res) => {
    route(deps, admin, req, res).catch((err: unknown) => {
      const aws =
        err instanceof AwsError
          ? err
          : new AwsError("InternalFailure", "An internal error occurred.", 500);
      if (!res.headersSent) sendJsonError(res, aws, randomUUID());
      else res.destroy();
    });
  });
}
