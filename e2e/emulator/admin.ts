/**
 * The admin API under `/_emulator/` so tests in other processes (and the operator under test)
 * can steer faults, read counters and register identities over HTTP.
 * @internal
 */
import type { Emulator } from "./emulator.ts";
import type { QueuedError } from "./faults.ts";
import type { OidcProviderConfig, RoleConfig } from "./identities.ts";
import type { KeyAlgorithm } from "./keys.ts";
import type { CaStatus } from "./state.ts";
import type { AdminHandler } from "./server.ts";
import type { Settings } from "./context.ts";

type Body = Record<string, unknown>;
type Route = (e: Emulator, body: Body) => unknown;

const ROUTES: Readonly<Record<string, Route>> = {
  "GET health": () => ({ ok: true }),
  "GET counters": (e) => e.counters.snapshot(),
  "POST counters/reset": (e) => {
    e.counters.reset();
  },
  "GET faults": (e) => e.faults.current,
  "POST faults": (e, b) => {
    e.faults.configure(b);
    return e.faults.current;
  },
  "POST faults/reset": (e) => {
    e.faults.reset();
  },
  "POST faults/fail-next": (e, b) => {
    const error = { code: String(b.code), ...b } as QueuedError;
    e.faults.failNext(String(b.operation), error, typeof b.count === "number" ? b.count : 1);
  },
  "GET settings": (e) => e.settings,
  "POST settings": (e, b) => Object.assign(e.settings, b as Partial<Settings>),
  "POST access-keys": (e, b) => e.addAccessKey(b),
  "POST roles": (e, b) => {
    e.addRole(b as unknown as RoleConfig);
  },
  "POST oidc-providers": (e, b) => {
    e.addOidcProvider(b as unknown as OidcProviderConfig);
  },
  "POST cas/root": async (e, b) => ({
    arn: await e.createRootCa((b.keyAlgorithm ?? "EC_prime256v1") as KeyAlgorithm),
  }),
  "POST cas/subordinate": async (e, b) => ({
    arn: await e.createSubordinateCa(
      String(b.parentArn),
      (b.keyAlgorithm ?? "EC_prime256v1") as KeyAlgorithm,
      typeof b.pathLen === "number" ? { pathLen: b.pathLen } : {},
    ),
  }),
  "POST cas/status": (e, b) => {
    e.setCaStatus(String(b.arn), String(b.status) as CaStatus);
  },
};

/** Builds the admin handler for `emulator`. */
export function adminHandler(emulator: Emulator): AdminHandler {
  return async (method, path, body) => {
    const route = ROUTES[`${method} ${path}`];
    if (route === undefined)
      return { status: 404, body: { error: `no admin route ${method} ${path}` } };
    try {
      const input = typeof body === "object" && body !== null ? (body as Body) : {};
      return { status: 200, body: (await route(emulator, input)) ?? {} };
    } catch (err) {
      return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
    }
  };
}
