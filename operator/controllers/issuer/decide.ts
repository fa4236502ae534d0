/**
 * The pure core of the issuer controllers (style.md habit 13): from a check's outcome and the
 * issuer's current status it computes the next status, the registry entry, the Event to record
 * and the reconcile result. No I/O, no clock of its own.
 */
import { ISSUER_CONDITION_TYPES } from "../../../api/v1beta1/index.ts";
import type { IssuerStatus } from "../../../api/v1beta1/index.ts";
import { findCondition, setCondition } from "../../runtime/index.ts";
import type { Clock, EventInput, ReconcileResult } from "../../runtime/index.ts";
import type { IssuerState } from "../issuer-registry.ts";
import type { CheckOutcome } from "./outcome.ts";
import { CHECK_ACTION, READY_REASONS } from "./reasons.ts";

/** How soon a transient failure (network, throttling, 5xx) is checked again, in ms. @public */
export const TRANSIENT_RECHECK_MS = 15_000;

/** Inputs of {@link decide}. @public */
export interface DecideInput {
  readonly outcome: CheckOutcome;
  /** The issuer's status as last read from the API server. */
  readonly current: IssuerStatus | undefined;
  /** The issuer's `metadata.generation` the check ran against. */
  readonly generation: number | undefined;
  /** Interval of the periodic re-check, in ms. */
  readonly recheckIntervalMs: number;
  /** Stamps `lastTransitionTime` when Ready changes. */
  readonly clock: Clock;
}

/** What {@link decide} concluded. @public */
export interface Decision {
  /** The status to write through `/status` (equal to `current` when nothing changed). */
  readonly status: IssuerStatus;
  /** The Event to record: present only when Ready changed status or reason. */
  readonly event?: EventInput;
  /** When to look again. */
  readonly result: ReconcileResult;
}

/**
 * Decides an issuer's status, Event and next check from one check's outcome.
 *
 * - Verified → Ready=True `Verified`; re-check after `recheckIntervalMs`.
 * - InvalidSpec → Ready=False `InvalidSpec`; no re-check (a spec change queues it again).
 * - Failed → Ready=False with the step's reason; re-check after `recheckIntervalMs`, or after
 *   {@link TRANSIENT_RECHECK_MS} when the failure is transient.
 *
 * `status.ca` and `status.callerIdentityArn` show what this check learnt and are dropped when
 * it did not get that far, so the status never shows a stale CA as if it were current.
 * @public
 */
export function decide(input: DecideInput): Decision {
  const { outcome, current, generation, clock } = input;
  const ready = readyOf(outcome);
  const previous = findCondition(current?.conditions, ISSUER_CONDITION_TYPES.Ready);
  const conditions = setCondition(
    current?.conditions,
    { type: ISSUER_CONDITION_TYPES.Ready, ...ready, observedGeneration: generation },
    clock,
  );

  const status: IssuerStatus = {
    ...withoutCheckFields(current),
    conditions,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
    ...checkFieldsOf(outcome),
  };

  const changed = previous?.status !== ready.status || previous.reason !== ready.reason;
  const event: EventInput | undefined = changed
    ? {
        type: ready.status === "True" ? "Normal" : "Warning",
        reason: ready.reason,
        action: CHECK_ACTION,
        note: ready.message,
      }
    : undefined;
  return { status, result: resultOf(input), ...(event === undefined ? {} : { event }) };
}

/**
 * The registry entry for an outcome: what the CertificateRequest controller sees. It depends
 * on the outcome only, so the shell writes it before the status (and before any conflict).
 * @public
 */
export function registryStateOf(outcome: CheckOutcome): IssuerState {
  const { status, reason, message } = readyOf(outcome);
  if (outcome.kind === "Verified") {
    return { ready: true, reason, message, signing: outcome.signing };
  }
  return { ready: status === "True", reason, message };
}

interface Ready {
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

function readyOf(outcome: CheckOutcome): Ready {
  switch (outcome.kind) {
    case "Verified":
      return {
        status: "True",
        reason: READY_REASONS.verified,
        message: `ca ${outcome.ca.arn} is ACTIVE and reachable as ${outcome.callerIdentityArn}`,
      };
    case "InvalidSpec":
      return { status: "False", reason: READY_REASONS.invalidSpec, message: outcome.message };
    case "Failed":
      return { status: "False", reason: outcome.reason, message: outcome.message };
  }
}

function resultOf(input: DecideInput): ReconcileResult {
  const { outcome, recheckIntervalMs } = input;
  if (outcome.kind === "InvalidSpec") return undefined;
  if (outcome.kind === "Failed" && outcome.transient) {
    return { requeueAfterMs: Math.min(recheckIntervalMs, TRANSIENT_RECHECK_MS) };
  }
  return { requeueAfterMs: recheckIntervalMs };
}

/** `status.ca` and `status.callerIdentityArn` as far as the check got. */
function checkFieldsOf(outcome: CheckOutcome): Pick<IssuerStatus, "ca" | "callerIdentityArn"> {
  if (outcome.kind === "InvalidSpec") return {};
  const { ca, callerIdentityArn } = outcome;
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(callerIdentityArn === undefined ? {} : { callerIdentityArn }),
  };
}

function withoutCheckFields(current: IssuerStatus | undefined): IssuerStatus {
  const rest: IssuerStatus = { ...current };
  delete rest.ca;
  delete rest.callerIdentityArn;
  return rest;
}
