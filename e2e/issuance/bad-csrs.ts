/**
 * CSRs cmctl would never make, built with the openssl command line (independent of the
 * operator and of the emulator's x509 library), each with the words its failure message must
 * contain.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** One bad CSR and what the request's Failed message must say about it. */
export interface BadCsr {
  /** Request name. */
  readonly name: string;
  /** What is wrong, for messages. */
  readonly problem: string;
  readonly csrPem: Buffer;
  /** Every pattern must match the Ready condition's message. */
  readonly mustSay: readonly RegExp[];
}

/** Size the oversized CSR aims at: 40 KB, above PCA's 32768-byte limit on `Csr`. */
export const OVERSIZED_CSR_BYTES = 40 * 1024;

async function key(dir: string, name: string, args: readonly string[]): Promise<string> {
  const file = path.join(dir, `${name}.key`);
  await run("openssl", [...args, "-out", file]);
  return file;
}

const ecKey = (dir: string, name: string): Promise<string> =>
  key(dir, name, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]);

async function csr(
  dir: string,
  keyFile: string,
  subject: string,
  extra: readonly string[] = [],
): Promise<Buffer> {
  const out = `${keyFile}.csr`;
  await run("openssl", ["req", "-new", "-key", keyFile, "-subj", subject, ...extra, "-out", out]);
  return readFileSync(out);
}

function toDer(pem: Buffer): Buffer {
  return Buffer.from(pem.toString().replace(/-----[^-]+-----|\s/g, ""), "base64");
}

function toPem(der: Buffer): Buffer {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  const body = lines.join("\n");
  return Buffer.from(
    `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`,
  );
}

/** A valid CSR with one byte of its signed content changed, so the signature no longer holds. */
async function tampered(dir: string): Promise<Buffer> {
  const k = await ecKey(dir, "tampered");
  const der = toDer(await csr(dir, k, "/CN=tamper.example.com"));
  const at = der.indexOf("tamper.example.com");
  if (at < 0) throw new Error("the CSR does not hold its CN in clear");
  der[at] = "T".charCodeAt(0); // still well-formed DER, the CN now reads Tamper…
  return toPem(der);
}

/** A valid P-256 CSR carrying enough DNS SANs to weigh about {@link OVERSIZED_CSR_BYTES}. */
async function oversized(dir: string): Promise<Buffer> {
  const k = await ecKey(dir, "oversized");
  // Each name costs ~22 DER bytes, ~30 once in PEM.
  const count = Math.ceil(OVERSIZED_CSR_BYTES / 30);
  const names = Array.from({ length: count }, (_, i) => `DNS:h${i}.big.example.com`).join(",");
  return csr(dir, k, "/CN=big.example.com", ["-addext", `subjectAltName=${names}`]);
}

/** Builds the six bad CSRs of issue 6 in a fresh temporary folder. */
export async function buildBadCsrs(): Promise<BadCsr[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "awspca-bad-csr-"));
  const rsa1024 = await key(dir, "rsa1024", [
    "genpkey",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:1024",
  ]);
  const ed25519 = await key(dir, "ed25519", ["genpkey", "-algorithm", "ed25519"]);
  const bare = await ecKey(dir, "bare");
  const garbage = Buffer.from(
    "-----BEGIN CERTIFICATE REQUEST-----\nVGhpcyBpcyBub3QgYSBDU1IgYXQgYWxsLg==\n-----END CERTIFICATE REQUEST-----\n",
  );
  return [
    {
      name: "bad-garbage",
      problem: "garbage PEM",
      csrPem: garbage,
      mustSay: [/MalformedCSR/, /pars/i],
    },
    {
      name: "bad-signature",
      problem: "tampered signed content",
      csrPem: await tampered(dir),
      mustSay: [/MalformedCSR/, /signature/i],
    },
    {
      name: "bad-no-names",
      problem: "neither subject nor SAN",
      csrPem: await csr(dir, bare, "/"),
      mustSay: [/MalformedCSR/, /subject/i, /alternative name/i],
    },
    {
      name: "bad-rsa-1024",
      problem: "RSA 1024 key",
      csrPem: await csr(dir, rsa1024, "/CN=weak.example.com"),
      mustSay: [/MalformedCSR/, /RSA 1024/],
    },
    {
      name: "bad-ed25519",
      problem: "Ed25519 key",
      csrPem: await csr(dir, ed25519, "/CN=ed.example.com"),
      mustSay: [/MalformedCSR/, /ed25519/i],
    },
    {
      name: "bad-oversized",
      problem: "40 KB CSR",
      csrPem: await oversized(dir),
      mustSay: [/ValidationException/, /csr/i, /32768/],
    },
  ];
}
