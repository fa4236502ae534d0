/**
 * Compares the Ready states requests went through (from a watch) with the events.k8s.io/v1
 * Events the operator recorded about them: every state has its Event, and no Event claims a
 * state the request never reached.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { EventsV1Event } from "@kubernetes/client-node";
import type { RequestHistory, TransitionLog } from "./transitions.ts";

const REPORTING_CONTROLLER = "awspca.cert-manager.io/certificaterequest";
const ISSUED_NOTE = /^certificate arn:\S+\/certificate\/[0-9a-f]{32} issued$/;
const EVENTS_SETTLE_MS = 15_000;

/** Counts for the test's diagnostic line. */
export interface EventSummary {
  readonly requests: number;
  readonly states: number;
  readonly events: number;
  readonly issued: number;
  readonly failed: number;
  readonly pending: number;
}

function hasEventFor(events: readonly EventsV1Event[], reason: string, note: string): boolean {
  return events.some((e) => {
    if (e.reason !== reason) return false;
    if (reason === "Issued") return e.type === "Normal" && ISSUED_NOTE.test(e.note ?? "");
    const type = reason === "Pending" ? "Normal" : "Warning";
    return e.type === type && e.note === note.slice(0, 1024);
  });
}

function eventProblems(h: RequestHistory, e: EventsV1Event): string[] {
  const out: string[] = [];
  if (e.reportingController !== REPORTING_CONTROLLER)
    out.push(`reported by ${e.reportingController ?? "?"}`);
  if (e.action !== "Sign") out.push(`action ${e.action ?? "?"}`);
  if (e.regarding?.kind !== "CertificateRequest" || e.regarding.name !== h.name) {
    out.push(`regarding ${JSON.stringify(e.regarding)}`);
  }
  if (!h.states.some((s) => s.reason === e.reason)) {
    out.push(`event ${e.reason ?? "?"} "${e.note ?? ""}" for a state never reached`);
  }
  return out;
}

function problemsOf(h: RequestHistory, all: readonly EventsV1Event[]): string[] {
  const mine = all.filter((e) => e.regarding?.uid === h.uid);
  const missing = h.states
    .filter((s) => !hasEventFor(mine, s.reason, s.message))
    .map((s) => `no ${s.reason} event for "${s.message}"`);
  const issued = mine.filter((e) => e.reason === "Issued").length;
  const dup = issued > 1 ? [`${issued} Issued events`] : [];
  return [...missing, ...dup, ...mine.flatMap((e) => eventProblems(h, e))].map(
    (p) => `${h.name} (${h.uid.slice(0, 8)}): ${p}`,
  );
}

function summarize(histories: readonly RequestHistory[], events: readonly EventsV1Event[]) {
  const count = (reason: string): number => events.filter((e) => e.reason === reason).length;
  return {
    requests: histories.length,
    states: histories.reduce((n, h) => n + h.states.length, 0),
    events: events.length,
    issued: count("Issued"),
    failed: count("Failed"),
    pending: count("Pending"),
  };
}

/**
 * Waits (Events are written in the background) until every recorded Ready state of every
 * request has its Event and no Event is out of place; throws listing what is still wrong.
 */
export async function checkEvents(
  log: TransitionLog,
  list: () => Promise<EventsV1Event[]>,
): Promise<EventSummary> {
  const deadline = Date.now() + EVENTS_SETTLE_MS;
  for (;;) {
    const events = await list();
    const histories = log.histories().filter((h) => h.states.length > 0);
    const problems = histories.flatMap((h) => problemsOf(h, events));
    if (problems.length === 0) return summarize(histories, events);
    if (Date.now() > deadline) throw new Error(`event problems:\n${problems.join("\n")}`);
    await sleep(250);
  }
}
