/**
 * A middleware that counts every HTTP attempt a PCA client makes, placed just inside the SDK's
 * retry middleware so retried attempts count one by one, and outside deserialisation so an
 * error is seen with its AWS name.
 */
import type { ACMPCAClient, ServiceInputTypes, ServiceOutputTypes } from "@aws-sdk/client-acm-pca";
import type { FinalizeRequestMiddleware } from "@smithy/types";

import { isThrottlingError } from "./classify.ts";
import type { PcaMetrics } from "./metrics.ts";

/** Name of the middleware in the client's stack. @internal */
export const ATTEMPT_METRICS_MIDDLEWARE = "awspcaAttemptMetrics";

/**
 * Adds the attempt-counting middleware to `client`.
 * @internal
 */
export function attachAttemptMetrics(client: ACMPCAClient, metrics: PcaMetrics): void {
  const middleware: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next, context) => async (args) => {
      const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
      const started = performance.now();
      const seconds = (): number => (performance.now() - started) / 1000;
      try {
        const result = await next(args);
        metrics.recordCall(operation, "ok", seconds(), false);
        return result;
      } catch (err) {
        const outcome = err instanceof Error && err.name !== "" ? err.name : "error";
        metrics.recordCall(operation, outcome, seconds(), isThrottlingError(err));
        throw err;
      }
    };
  client.middlewareStack.addRelativeTo(middleware, {
    name: ATTEMPT_METRICS_MIDDLEWARE,
    relation: "after",
    toMiddleware: "retryMiddleware",
  });
}
