/**
 * The issuance matrix of issue 6 and the covering subset this suite runs.
 *
 * The full product is 2 issuer kinds × 3 CA keys × 5 request keys × 6 usages × 4 durations =
 * 720 requests, far beyond a three-minute budget on two cores. The subset is one row per
 * (CA key, request key) pair, 15 rows, with the other three axes cycled by the row index i:
 *
 * - every CA key × request key pair appears exactly once (the pair loop itself), so each CA
 *   signs every key type and RSA 4096, the slow key to generate, appears only three times;
 * - usage = USAGES[i mod 6] and duration = DURATIONS[i mod 4]: 15 rows use each of the 6 usages
 *   at least twice and each of the 4 durations at least three times;
 * - issuer kind = KINDS[floor(i / 6) mod 2]: rows 0–5 and 12–14 use the namespaced issuer,
 *   rows 6–11 the cluster issuer, so each kind meets every usage and every duration; an unset
 *   duration thus meets the product default (namespaced issuers set no spec.defaultDuration:
 *   2160h) and an issuer default (the cluster issuers set 720h);
 * - SAN kinds (DNS always, plus IP, URI or e-mail by i mod 3) and a missing commonName (every
 *   fifth row) vary alongside.
 *
 * {@link coverageGaps} checks these claims on the generated rows, so an edit that breaks the
 * covering property fails the suite rather than silently shrinking it.
 */
import type { KeyAlgorithm } from "../emulator/index.ts";

/** The issuer kinds. */
export const ISSUER_KINDS = ["AWSPCAIssuer", "AWSPCAClusterIssuer"] as const;
/** One issuer kind. */
export type IssuerKindName = (typeof ISSUER_KINDS)[number];

/** The CA key algorithms (the issuing CA's and its root's). */
export const CA_KEYS = [
  "RSA_2048",
  "EC_prime256v1",
  "EC_secp384r1",
] as const satisfies readonly KeyAlgorithm[];
/** One CA key algorithm. */
export type CaKey = (typeof CA_KEYS)[number];

/** A request key as a Certificate's `spec.privateKey` spells it. */
export interface RequestKey {
  readonly label: string;
  readonly algorithm: "RSA" | "ECDSA";
  readonly size: number;
}

/** The request keys; cmctl generates each one. */
export const REQUEST_KEYS: readonly RequestKey[] = [
  { label: "RSA 2048", algorithm: "RSA", size: 2048 },
  { label: "RSA 4096", algorithm: "RSA", size: 4096 },
  { label: "P-256", algorithm: "ECDSA", size: 256 },
  { label: "P-384", algorithm: "ECDSA", size: 384 },
  { label: "P-521", algorithm: "ECDSA", size: 521 },
];

/** The usage cases: `none` omits `spec.usages`; `ca` sets `isCA` and omits usages. */
export const USAGES = ["server", "client", "both", "code-signing", "none", "ca"] as const;
/** One usage case. */
export type UsageCase = (typeof USAGES)[number];

/** `spec.usages` per usage case (undefined: the field is left out of the manifest). */
export const USAGE_FIELD: Readonly<Record<UsageCase, readonly string[] | undefined>> = {
  server: ["server auth"],
  client: ["client auth"],
  both: ["server auth", "client auth"],
  "code-signing": ["code signing"],
  none: undefined,
  ca: undefined,
};

/** The durations; undefined leaves `spec.duration` out, so the issuer's default applies. */
export const DURATIONS = ["1h", "24h", "2160h", undefined] as const;
/** One duration case. */
export type DurationCase = (typeof DURATIONS)[number];

/** One request of the subset. */
export interface MatrixRow {
  readonly index: number;
  readonly kind: IssuerKindName;
  readonly caKey: CaKey;
  readonly requestKey: RequestKey;
  readonly usage: UsageCase;
  readonly duration: DurationCase;
  /** The request's name, `m<index>`. */
  readonly name: string;
}

function at<T>(values: readonly T[], i: number): T {
  // Index in range by construction; undefined is itself a value of DURATIONS.
  return values[i % values.length] as T;
}

/** The covering subset described in this module's header, in a stable order. */
export function coveringSubset(): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const caKey of CA_KEYS) {
    for (const requestKey of REQUEST_KEYS) {
      const index = rows.length;
      rows.push({
        index,
        kind: at(ISSUER_KINDS, Math.floor(index / 6)),
        caKey,
        requestKey,
        usage: at(USAGES, index),
        duration: at(DURATIONS, index),
        name: `m${index}`,
      });
    }
  }
  return rows;
}

function missing<T>(label: string, wanted: readonly T[], seen: readonly T[]): string[] {
  return wanted.filter((w) => !seen.includes(w)).map((w) => `${label} ${String(w)}`);
}

/**
 * What the rows fail to cover: values of any axis never used, and (CA key, request key) pairs
 * never used. Empty when the rows cover as the header promises.
 */
export function coverageGaps(rows: readonly MatrixRow[]): string[] {
  const pairs = rows.map((r) => `${r.caKey}×${r.requestKey.label}`);
  const allPairs = CA_KEYS.flatMap((c) => REQUEST_KEYS.map((k) => `${c}×${k.label}`));
  return [
    ...missing(
      "kind",
      ISSUER_KINDS,
      rows.map((r) => r.kind),
    ),
    ...missing(
      "CA key",
      CA_KEYS,
      rows.map((r) => r.caKey),
    ),
    ...missing(
      "request key",
      REQUEST_KEYS,
      rows.map((r) => r.requestKey),
    ),
    ...missing(
      "usage",
      USAGES,
      rows.map((r) => r.usage),
    ),
    ...missing(
      "duration",
      DURATIONS,
      rows.map((r) => r.duration),
    ),
    ...missing("pair", allPairs, pairs),
  ];
}

/** The duration a row expects on the certificate, in ms (its issuer's default when unset). */
export function expectedDurationMs(
  row: MatrixRow,
  issuerDefaultMs: Readonly<Record<IssuerKindName, number>>,
): number {
  if (row.duration === undefined) return issuerDefaultMs[row.kind];
  return Number.parseInt(row.duration, 10) * 3_600_000;
}

/** Formats rows as a fixed-width table, one string per line. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
