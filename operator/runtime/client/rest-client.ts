import type { KubeConfig } from "@kubernetes/client-node";
import { Agent, fetch } from "undici";
import type { Dispatcher, Response } from "undici";
import { ApiError } from "./api-error.ts";
import type { StatusBody } from "./api-error.ts";

/**
 * Query parameters of a request; `undefined` values are left out.
 * @public
 */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The patch formats the API server accepts.
 * @public
 */
export const PatchType = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
} as const;

/**
 * One of {@link PatchType}'s content types.
 * @public
 */
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/**
 * Options of one request.
 * @public
 */
export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  readonly contentType?: string;
  /** The Accept header; default `application/json`. */
  readonly accept?: string;
  readonly signal?: AbortSignal;
  /** Gives up after this many ms (not for streams, which the informer's watchdog guards). Default: 30,000. */
  readonly timeoutMs?: number;
}

interface TlsOptions {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  servername?: string;
  headers?: Record<string, unknown>;
  auth?: string;
}

/**
 * A small JSON client for any API path, authenticated from a client-node `KubeConfig`.
 *
 * It exists because the runtime needs one code path for every kind (built-in or custom),
 * raw streaming for watches, `/status` subresources, exact control of `MicroTime` fields, and
 * one connection pool reused across requests.
 * @public
 */
export class RestClient {
  readonly #kc: KubeConfig;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #recovered = new Set<() => void>();
  #agent: Agent | undefined;
  #agentKey = "";
  #unreachable = false;

  /**
   * Creates a client for the current context of `kubeConfig`.
   * @param dispatcher - an undici dispatcher to use instead of the TLS agent built from the
   *   kubeconfig (e.g. a `MockAgent` in tests)
   */
  constructor(kubeConfig: KubeConfig, dispatcher?: Dispatcher) {
    this.#kc = kubeConfig;
    this.#dispatcher = dispatcher;
  }

  /**
   * Sends a request and returns the parsed JSON body.
   * @throws {@link ApiError} when the server answers with a non-2xx status
   */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    const signal = opts.signal === undefined ? timeout : AbortSignal.any([opts.signal, timeout]);
    try {
      const res = await this.#send({
        method,
        path,
        opts: { ...opts, signal },
        caller: opts.signal,
      });
      const text = await res.text();
      return (text === "" ? undefined : JSON.parse(text)) as T;
    } catch (err) {
      // A timeout or broken connection may sit on a black-holed keep-alive socket: start over.
      if (opts.signal?.aborted !== true && !(err instanceof ApiError)) this.#dropPool();
      throw err;
    }
  }

  /**
   * Opens a streaming GET (a watch) and yields its body line by line. Each stream gets its own
   * connection, closed when the stream ends, so a stalled watch cannot poison the shared pool.
   * @throws {@link ApiError} when the server refuses the request
   */
  async *streamLines(
    path: string,
    query: Query,
    signal: AbortSignal,
    accept?: string,
  ): AsyncGenerator<string> {
    let own: Agent | undefined;
    const dispatcher = (tls: TlsOptions): Dispatcher => (own = newAgent(tls));
    try {
      const res = await this.#send({
        method: "GET",
        path,
        opts: { query, signal, ...(accept === undefined ? {} : { accept }) },
        caller: signal,
        dispatcher,
      });
      if (res.body === null) return;
      yield* splitLines(res.body as AsyncIterable<Uint8Array>);
    } finally {
      void own?.destroy();
    }
  }

  /**
   * Calls `listener` each time a request succeeds after requests failed to reach the server
   * (network error or 5xx). Informers use it to end their reconnect backoff early.
   * @returns a function that removes the listener
   */
  onRecovered(listener: () => void): () => void {
    this.#recovered.add(listener);
    return () => this.#recovered.delete(listener);
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.#agent?.close();
    this.#agent = undefined;
  }

  async #send(args: SendArgs): Promise<Response> {
    const { method, path, opts, caller } = args;
    const url = this.#url(path, opts.query);
    const tls: TlsOptions = {};
    await this.#kc.applyToHTTPSOptions(tls);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: headersOf(tls, opts),
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        dispatcher: this.#dispatcher ?? (args.dispatcher ?? ((t) => this.#agentFor(t)))(tls),
        signal: opts.signal,
      });
    } catch (err) {
      if (caller?.aborted !== true) this.#unreachable = true;
      throw err;
    }
    this.#reached(res.status);
    if (res.ok) return res;
    throw await toApiError(method, path, res);
  }

  /** Tracks reachability: a 5xx counts as unreachable, anything else as reached. */
  #reached(status: number): void {
    if (status >= 500) {
      this.#unreachable = true;
      return;
    }
    if (!this.#unreachable) return;
    this.#unreachable = false;
    for (const listener of [...this.#recovered]) listener();
  }

  #url(path: string, query: Query = {}): URL {
    const server = this.#kc.getCurrentCluster()?.server;
    if (server === undefined) throw new Error("kubeconfig has no current cluster");
    const url = new URL(server.replace(/\/$/, "") + path);
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  #agentFor(tls: TlsOptions): Agent {
    const key = [tls.ca, tls.cert, tls.key, tls.rejectUnauthorized, tls.servername]
      .map((v) => (Buffer.isBuffer(v) ? v.toString("base64") : String(v)))
      .join("|");
    if (this.#agent === undefined || key !== this.#agentKey) {
      void this.#agent?.close();
      this.#agentKey = key;
      this.#agent = newAgent(tls);
    }
    return this.#agent;
  }

  #dropPool(): void {
    const agent = this.#agent;
    this.#agent = undefined;
    void agent?.destroy();
  }
}

interface SendArgs {
  readonly method: string;
  readonly path: string;
  readonly opts: RequestOptions;
  /** The caller's own signal: its abort is not a sign of an unreachable server. */
  readonly caller: AbortSignal | undefined;
  /** Picks the dispatcher; default: the shared pool. */
  readonly dispatcher?: (tls: TlsOptions) => Dispatcher;
}

function newAgent(tls: TlsOptions): Agent {
  return new Agent({ connect: connectOptions(tls) });
}

async function* splitLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    yield* lines.filter((l) => l.trim() !== "");
  }
}

function connectOptions(tls: TlsOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { ca: tls.ca, cert: tls.cert, key: tls.key };
  if (tls.rejectUnauthorized !== undefined) out.rejectUnauthorized = tls.rejectUnauthorized;
  if (tls.servername !== undefined) out.servername = tls.servername;
  return out;
}

function headersOf(tls: TlsOptions, opts: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: opts.accept ?? "application/json" };
  for (const [k, v] of Object.entries(tls.headers ?? {})) headers[k] = String(v);
  if (tls.auth !== undefined) headers.authorization = `Basic ${btoa(tls.auth)}`;
  if (opts.body !== undefined) headers["content-type"] = opts.contentType ?? "application/json";
  return headers;
}

async function toApiError(method: string, path: string, res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let status: StatusBody | undefined;
  try {
    status = JSON.parse(text) as StatusBody;
  } catch {
    // Not every failure carries a Status body (e.g. a proxy's HTML); the code is enough.
    status = undefined;
  }
  return new ApiError(`${method} ${path} failed with ${res.status}`, res.status, status);
}
