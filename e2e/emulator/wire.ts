/**
 * HTTP plumbing shared by the endpoints: bounded body reading, request ids, and the response
 * headers AWS sends (`x-amzn-RequestId`, `Date`).
 * @internal
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AwsError } from "./errors.ts";

/** Largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads the whole body; a body over {@link MAX_BODY_BYTES} is a 413 error. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new AwsError("RequestEntityTooLarge", "Request too large", 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Writes a complete response with AWS's standard headers. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId: string,
): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": String(bytes.length),
    "x-amzn-RequestId": requestId,
    Date: new Date().toUTCString(),
  });
  res.end(bytes);
}

/** The JSON 1.1 content type. */
export const JSON_TYPE = "application/x-amz-json-1.1";

/** Writes an awsJson1_1 error `{"__type","message"}`. */
export function sendJsonError(res: ServerResponse, err: AwsError, requestId: string): void {
  send(
    res,
    err.status,
    JSON_TYPE,
    JSON.stringify({ __type: err.code, message: err.message }),
    requestId,
  );
}

/** The access key id named in an Authorization header, if any (for counting only). */
export function claimedAccessKey(req: IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? "")?.[1];
}

/** Resolves after `ms` (immediately for 0). */
export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
