/**
 * The logging surface `operator/credentials` needs: pino-style calls with a fields object first
 * and a constant message. A pino `Logger` satisfies it.
 * @public
 */
export interface CredentialsLogger {
  /** Routine decisions (a Secret re-read, a cached session reused). */
  debug(fields: object, message: string): void;
  /** State changes (a role assumed, an issuer's credentials released). */
  info(fields: object, message: string): void;
  /** Problems that were handled (a refresh failed while the old session is still valid). */
  warn(fields: object, message: string): void;
}

/** A logger that drops everything: the default when none is injected. @internal */
export const SILENT_LOGGER: CredentialsLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};

/**
 * The fields logged for an error: its name and message, and the name of its cause, never the
 * raw object (SDK errors can reference request state). Messages here come from AWS or from
 * this module, neither of which echoes credential values.
 * @internal
 */
export function errorFields(err: unknown): {
  errorName: string;
  errorMessage: string;
  causeName?: string;
} {
  if (!(err instanceof Error)) {
    return { errorName: typeof err, errorMessage: "non-error value thrown" };
  }
  const fields = { errorName: err.name, errorMessage: err.message };
  return err.cause instanceof Error ? { ...fields, causeName: err.cause.name } : fields;
}
