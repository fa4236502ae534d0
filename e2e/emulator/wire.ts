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

/** One complete answer. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly requestId: string;
}

/** Writes a complete response with AWS's standard headers. */
export function send(res: ServerResponse, reply: Reply): void {
  const { status, contentType, body, requestId } = reply;
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
  const body = JSON.stringify({ __type: err.code, message: err.message });
  send(res, { status: err.status, contentType: JSON_TYPE, body, requestId });
}

/** The access key id named in an Authorization header, if any (for counting only). */
export function claimedAccessKey(req: IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? "")?.[1];
}

/** Resolves after `ms` (immediately for 0). */
export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
