/**
 * Records every Ready state each CertificateRequest of a namespace goes through, from a watch
 * on the API server (a watch delivers every write, so no state is missed the way a poll
 * could miss one). Tests compare this log with the Events the operator emitted.
 */
import { Watch } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";

/** One Ready state of a request. */
export interface ReadyState {
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

/** The Ready states of one request (by UID), oldest first, consecutive duplicates dropped. */
export interface RequestHistory {
  readonly name: string;
  readonly uid: string;
  readonly states: ReadyState[];
  /** Writes to the object after it was first seen terminal (Issued, Failed or Denied). */
  writesAfterTerminal: number;
}

function isTerminal(state: ReadyState | undefined): boolean {
  return state?.status === "True" || state?.reason === "Failed" || state?.reason === "Denied";
}

/** A watch-fed log of Ready transitions per request UID. */
export class TransitionLog {
  readonly #byUid = new Map<string, RequestHistory>();
  readonly #kc: KubeConfig;
  readonly #path: string;
  #abort: AbortController | undefined;
  #stopped = false;
  #resourceVersion: string | undefined;

  private constructor(kc: KubeConfig, namespace: string) {
    this.#kc = kc;
    this.#path = `/apis/cert-manager.io/v1/namespaces/${namespace}/certificaterequests`;
  }

  /** Starts watching the namespace's CertificateRequests. */
  static async start(kc: KubeConfig, namespace: string): Promise<TransitionLog> {
    const log = new TransitionLog(kc, namespace);
    await log.#watch();
    return log;
  }

  /** Every request seen, by UID. */
  histories(): RequestHistory[] {
    return [...this.#byUid.values()];
  }

  /** The history of the request with this UID, if seen. */
  historyOf(uid: string): RequestHistory | undefined {
    return this.#byUid.get(uid);
  }

  /** Stops the watch. */
  stop(): void {
    this.#stopped = true;
    this.#abort?.abort();
  }

  async #watch(): Promise<void> {
    const params =
      this.#resourceVersion === undefined ? {} : { resourceVersion: this.#resourceVersion };
    this.#abort = await new Watch(this.#kc).watch(
      this.#path,
      { ...params, allowWatchBookmarks: false },
      (phase: string, obj: CertificateRequest) => {
        this.#record(phase, obj);
      },
      () => {
        // The server ends watches after a while; resume from the last version seen.
        if (!this.#stopped) void this.#watch();
      },
    );
  }

  #record(phase: string, cr: CertificateRequest): void {
    this.#resourceVersion = cr.metadata.resourceVersion ?? this.#resourceVersion;
    if (phase === "DELETED") return;
    const uid = cr.metadata.uid ?? "";
    let history = this.#byUid.get(uid);
    if (history === undefined) {
      history = { name: cr.metadata.name ?? "", uid, states: [], writesAfterTerminal: 0 };
      this.#byUid.set(uid, history);
    }
    if (phase === "MODIFIED" && isTerminal(history.states.at(-1))) history.writesAfterTerminal++;
    const ready = cr.status?.conditions?.find((c) => c.type === "Ready");
    if (ready === undefined) return;
    const state = {
      status: ready.status,
      reason: ready.reason ?? "",
      message: ready.message ?? "",
    };
    const last = history.states.at(-1);
    const same =
      last?.status === state.status &&
      last.reason === state.reason &&
      last.message === state.message;
    if (!same) history.states.push(state);
  }
}
