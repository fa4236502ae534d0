/**
 * The STS Query endpoint: form body in, XML out, SigV4 for signed actions.
 * @internal
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { stsAuthError } from "./auth-errors.ts";
import { AwsError } from "./errors.ts";
import type { AccessKey } from "./identities.ts";
import type { PcaDeps } from "./pca-endpoint.ts";
import { AuthFailure, verifySigV4 } from "./sigv4.ts";
import { handleSts, stsErrorXml, UNSIGNED_ACTIONS } from "./sts.ts";
import { claimedAccessKey, send, sleep } from "./wire.ts";

const XML_TYPE = "text/xml";

function authenticate(deps: PcaDeps, req: IncomingMessage, body: Buffer): AccessKey {
  try {
    const signed = {
      method: req.method ?? "POST",
      url: req.url ?? "/",
      headers: req.headers,
      body,
    };
    return verifySigV4(signed, deps.identities, "sts", deps.now()).key;
  } catch (err) {
    if (err instanceof AuthFailure) throw stsAuthError(err);
    throw err;
  }
}

/** Serves one STS call already read into `body`. */
export async function serveSts(
  deps: PcaDeps,
  exchange: { req: IncomingMessage; res: ServerResponse; body: Buffer; requestId: string },
): Promise<void> {
  const { req, res, body, requestId } = exchange;
  const params = new URLSearchParams(body.toString("utf8"));
  const op = `sts:${params.get("Action") ?? ""}`;
  const keyId = claimedAccessKey(req);
  if (deps.faults.shouldDrop(op)) {
    deps.counters.recordCall(op, "dropped", keyId);
    req.socket.destroy();
    return;
  }
  await sleep(deps.faults.latencyFor(op));
  try {
    const action = params.get("Action") ?? "";
    const caller = UNSIGNED_ACTIONS.has(action) ? undefined : authenticate(deps, req, body);
    const injected = deps.faults.preflight(op, deps.now());
    if (injected !== undefined) throw injected;
    const ctx = { ...deps, requestId };
    const xml = handleSts(ctx, params, caller);
    deps.counters.recordCall(op, "ok", keyId);
    send(res, { status: 200, contentType: XML_TYPE, body: xml, requestId });
  } catch (err) {
    const aws =
      err instanceof AwsError
        ? err
        : new AwsError("InternalFailure", "An internal error occurred.", 500, { cause: err });
    deps.counters.recordCall(op, aws.code, keyId);
    send(res, {
      status: aws.status,
      contentType: XML_TYPE,
      body: stsErrorXml(aws, requestId),
      requestId,
    });
  }
}
