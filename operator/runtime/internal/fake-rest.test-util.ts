import { KubeConfig } from "@kubernetes/client-node";
import { ApiError } from "../client/api-error.ts";
import { RestClient } from "../client/rest-client.ts";
import type { Query, RequestOptions } from "../client/rest-client.ts";

/** One recorded request. */
export interface Call {
  readonly method: string;
  readonly path: string;
  readonly opts: RequestOptions;
}

/** A watch stream the test feeds line by line. */
export class FakeStream {
  readonly query: Query;
  #lines: string[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #error: Error | undefined;

  constructor(query: Query) {
    this.query = query;
  }

  send(type: string, object: unknown): void {
    this.#lines.push(JSON.stringify({ type, object }));
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  fail(err: Error): void {
    this.#error = err;
    this.#wake?.();
  }

  async *read(signal: AbortSignal): AsyncGenerator<string> {
    for (;;) {
      if (signal.aborted) throw new Error("aborted", { cause: signal.reason });
      const line = this.#lines.shift();
      if (line !== undefined) yield line;
      else if (this.#error !== undefined) throw this.#error;
      else if (this.#ended) return;
      else await this.#wait(signal);
    }
  }

  #wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
    });
  }
}

/** A RestClient whose requests are answered by a handler and whose watches are FakeStreams. */
export class FakeRest extends RestClient {
  readonly calls: Call[] = [];
  readonly streams: FakeStream[] = [];
  handler: (call: Call) => unknown = () => ({});
  watchError: Error | undefined;

  constructor() {
    super(new KubeConfig());
  }

  override request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const call = { method, path, opts };
    this.calls.push(call);
    try {
      return Promise.resolve(this.handler(call) as T);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error("handler failed"));
    }
  }

  override async *streamLines(
    path: string,
    query: Query,
    signal: AbortSignal,
  ): AsyncGenerator<string> {
    this.calls.push({ method: "WATCH", path, opts: { query } });
    if (this.watchError !== undefined) throw this.watchError;
    const stream = new FakeStream(query);
    this.streams.push(stream);
    yield* stream.read(signal);
  }

  readonly #listeners = new Set<() => void>();

  override onRecovered(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells listeners the server is reachable again. */
  recover(): void {
    for (const l of [...this.#listeners]) l();
  }

  /** The latest watch stream. */
  get stream(): FakeStream {
    const s = this.streams.at(-1);
    if (s === undefined) throw new Error("no watch opened yet");
    return s;
  }
}

/** An ApiError as the server would send it. */
export function apiError(code: number, reason: string): ApiError {
  return new ApiError(`failed with ${code}`, code, { kind: "Status", code, reason });
}
