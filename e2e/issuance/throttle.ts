/**
 * A fault the emulator has no knob for: every other IssueCertificate call answered
 * ThrottlingException, exactly half, until a given number of throttles has been answered.
 */
import { AwsError } from "../emulator/index.ts";
import type { Faults } from "../emulator/index.ts";

/** A running half-throttle; {@link HalfThrottle.restore} it in a `finally`. */
export interface HalfThrottle {
  /** Throttles answered so far. */
  throttled(): number;
  /** Puts the emulator's own fault logic back. */
  restore(): void;
}

/**
 * Makes the emulator answer odd-numbered IssueCertificate calls (1st, 3rd, …) with
 * ThrottlingException, as AWS's front end does, until `limit` throttles have been answered.
 * The answer goes through the emulator's normal error path, so its counters record it.
 */
export function throttleHalfOfIssues(faults: Faults, limit: number): HalfThrottle {
  const original = faults.preflight.bind(faults);
  let calls = 0;
  let throttled = 0;
  faults.preflight = (operation: string, now: number): AwsError | undefined => {
    if (operation === "IssueCertificate" && throttled < limit && calls++ % 2 === 0) {
      throttled++;
      return new AwsError("ThrottlingException", "Rate exceeded");
    }
    return original(operation, now);
  };
  return {
    throttled: () => throttled,
    restore: () => {
      // The patch is an own property shadowing the class method; removing it restores that.
      Reflect.deleteProperty(faults, "preflight");
    },
  };
}
