export { withFinalizers, FinalizerError } from "./finalizers.ts";
export type { Finalizer } from "./finalizers.ts";
