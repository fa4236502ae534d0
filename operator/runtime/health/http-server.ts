import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A route handler: returns status, content type and body.
 * @public
 */
export type Route = () => Promise<{ status: number; contentType: string; body: string }>;

/**
 * A started HTTP server.
 * @public
 */
export interface RunningServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Stops accepting and closes open connections. */
  close(): Promise<void>;
}

/**
 * Parses a bind address: `:8080`, `127.0.0.1:8080`, `[::1]:0`. `"0"` means disabled.
 * @public
 */
export function parseBindAddress(address: string): { host: string; port: number } | undefined {
  if (address === "0" || address === "") return undefined;
  const i = address.lastIndexOf(":");
  const host = address.slice(0, i).replace(/^\[|\]$/g, "");
  const port = Number(address.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`bind address ${address} must look like host:port or :port`);
  }
  return { host: host === "" ? "0.0.0.0" : host, port };
}

/**
 * Serves GET routes on `address` with node:http; other paths answer 404.
 * @public
 */
export async function serve(
  address: string,
  routes: Record<string, Route>,
): Promise<RunningServer | undefined> {
  const bind = parseBindAddress(address);
  if (bind === undefined) return undefined;
  const server = createServer((req, res) => {
    void handle(routes, req, res);
  });
  await listen(server, bind.host, bind.port);
  return {
    port: (server.address() as AddressInfo).port,
    close: () => close(server),
  };
}

async function handle(routes: Record<string, Route>, req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const route = routes[path];
  try {
    const out = route === undefined ? notFound() : await route();
    res.writeHead(out.status, { "content-type": out.contentType });
    res.end(out.body);
  } catch {
    // The route failed (e.g. a metric collector threw); answer 500 rather than hang.
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("internal error\n");
  }
}

function notFound() {
  return { status: 404, contentType: "text/plain", body: "not found\n" };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
