/**
 * A TCP proxy whose existing connections can be frozen: bytes and closes stop flowing in both
 * directions while the sockets stay open, as with a silently dropped NAT entry. New
 * connections after a freeze flow normally.
 */
import { createServer, connect } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";

export class FreezableProxy {
  readonly #server: Server;
  readonly #pairs = new Set<{ client: Socket; upstream: Socket; frozen: boolean }>();
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }): Promise<FreezableProxy> {
    const server = createServer();
    const proxy = new FreezableProxy(server);
    server.on("connection", (client) => {
      proxy.accept(client, target);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Freezes every connection open now. */
  freeze(): number {
    for (const p of this.#pairs) p.frozen = true;
    return this.#pairs.size;
  }

  accept(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream, frozen: false };
    this.#sockets.add(client).add(upstream);
    this.#pairs.add(pair);
    const pipe = (from: Socket, to: Socket) => {
      from.on("data", (chunk) => {
        if (!pair.frozen) to.write(chunk);
      });
      from.on("end", () => {
        if (!pair.frozen) to.end();
      });
      from.on("error", () => {
        if (!pair.frozen) to.destroy();
      });
    };
    pipe(client, upstream);
    pipe(upstream, client);
    client.on("close", () => {
      if (!pair.frozen) upstream.destroy();
      this.#pairs.delete(pair);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
}
