/**
 * PEM text as the service returns it: 64-character base64 lines, `\n` endings, blocks joined by
 * `\n`, no trailing newline (facts §4).
 * @internal
 */

/** Encodes DER as one PEM block. */
export function toPem(der: ArrayBuffer | Uint8Array, label = "CERTIFICATE"): string {
  const b64 = Buffer.from(der instanceof ArrayBuffer ? new Uint8Array(der) : der).toString(
    "base64",
  );
  const lines = b64.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join("\n");
}

/** Splits concatenated PEM text into its blocks (each normalised by {@link toPem}). */
export function splitPem(text: string): string[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const body = (m[2] ?? "").replace(/\s+/g, "");
    out.push(toPem(Buffer.from(body, "base64"), m[1]));
  }
  return out;
}

/** Joins PEM blocks the way the service does. */
export function joinPem(blocks: readonly string[]): string {
  return blocks.join("\n");
}
