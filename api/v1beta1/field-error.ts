/**
 * One problem with an issuer's spec: the field's path and a message that names it.
 *
 * `message` always begins with `field` so it reads on its own in a condition or an Event.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `spec.secretRef.namespace`. */
  readonly field: string;
  /** Lowercase-first explanation that starts with the field path and has no full stop. */
  readonly message: string;
}

/** The outcome of parsing one field: its value, or the reason it is unusable. */
export type FieldResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FieldError };

/** Builds a failed {@link FieldResult} for `field`. */
export function fieldFailure(field: string, message: string): FieldResult<never> {
  return { ok: false, error: { field, message } };
}

/**
 * Joins errors into one line for a condition message, in the order given:
 * `spec.arn is required; spec.region "x" is not ...`.
 */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join("; ");
}
