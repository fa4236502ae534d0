import type { Clock } from "../time/clock.ts";

/**
 * The status of a condition, as in `metav1.ConditionStatus`.
 * @public
 */
export type ConditionStatus = "True" | "False" | "Unknown";

/**
 * A `metav1.Condition` as it appears in JSON.
 * @public
 */
export interface Condition {
  /** CamelCase type, e.g. `Ready`. */
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: ConditionStatus;
  /** The `.metadata.generation` the condition was computed from. */
  readonly observedGeneration?: number;
  /** RFC 3339 time (seconds) at which `status` last changed. */
  readonly lastTransitionTime: string;
  /** CamelCase machine-readable reason for the last transition. */
  readonly reason: string;
  /** Human-readable detail; may be empty. */
  readonly message: string;
}

/**
 * The fields a caller decides when setting a condition; the helper fills in the time.
 * @public
 */
export type ConditionInput = Omit<Condition, "lastTransitionTime">;

/**
 * Formats `ms` as a `metav1.Time`: RFC 3339 in UTC with whole seconds.
 * @public
 */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Returns a copy of `conditions` with `input` set.
 *
 * `lastTransitionTime` becomes the clock's time only when the condition is new or its status
 * changed; otherwise the previous time is kept. Reason, message and observedGeneration are
 * always taken from `input`. Other conditions keep their order. Pure: it never mutates.
 * @public
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  clock: Clock,
): Condition[] {
  const list = conditions ?? [];
  const existing = list.find((c) => c.type === input.type);
  const lastTransitionTime =
    existing?.status === input.status ? existing.lastTransitionTime : formatTime(clock.now());
  const next: Condition = { ...input, lastTransitionTime };
  if (existing === undefined) return [...list, next];
  return list.map((c) => (c === existing ? next : c));
}

/**
 * Returns the condition of `type`, if present.
 * @public
 */
export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Whether the condition of `type` is present with status `True`.
 * @public
 */
export function isConditionTrue(
  conditions: readonly Condition[] | undefined,
  type: string,
): boolean {
  return findCondition(conditions, type)?.status === "True";
}

/**
 * Whether the condition of `type` is `True` and was computed for `generation` (up to date).
 * @public
 */
export function isConditionCurrent(
  conditions: readonly Condition[] | undefined,
  type: string,
  generation: number | undefined,
): boolean {
  const c = findCondition(conditions, type);
  return c?.status === "True" && c.observedGeneration === generation;
}

/**
 * Returns a copy of `conditions` without the condition of `type`.
 * @public
 */
export function removeCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/**
 * Whether two condition lists carry the same content (order-insensitive, all fields).
 * Use it to skip a status write that would change nothing.
 * @public
 */
export function conditionsEqual(
  a: readonly Condition[] | undefined,
  b: readonly Condition[] | undefined,
): boolean {
  const left = a ?? [];
  const right = b ?? [];
  if (left.length !== right.length) return false;
  return left.every((c) => sameCondition(c, findCondition(right, c.type)));
}

function sameCondition(a: Condition, b: Condition | undefined): boolean {
  if (b === undefined) return false;
  return (
    a.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.observedGeneration === b.observedGeneration &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}
