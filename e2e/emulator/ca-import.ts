/**
 * ImportCertificateAuthorityCertificate: checks the certificate against the CA's key and type and
 * the chain link by link up to a self-signed root, then activates the CA.
 * @internal
 */
import { findCa, type PcaContext } from "./context.ts";
import { AwsError, awsError } from "./errors.ts";
import { ARN_LIMITS, Input, type JsonObject } from "./input.ts";
import { joinPem, splitPem } from "./pem.ts";
import { x509 } from "./x509.ts";

function parseCert(pem: string, what: string): x509.X509Certificate {
  try {
    return new x509.X509Certificate(pem);
  } catch (cause) {
    throw new AwsError("MalformedCertificateException", `The ${what} could not be parsed.`, 400, {
      cause,
    });
  }
}

async function signedBy(
  cert: x509.X509Certificate,
  issuer: x509.X509Certificate,
): Promise<boolean> {
  if (cert.issuer !== issuer.subject) return false;
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    // An unverifiable signature is the same as a wrong one here.
    return false;
  }
}

function checkConstraints(cert: x509.X509Certificate): void {
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  if (bc === null || !bc.ca || !bc.critical) {
    throw awsError(
      "MalformedCertificateException",
      "The certificate must have critical basic constraints with CA set to true.",
    );
  }
}

async function checkChain(
  cert: x509.X509Certificate,
  chain: x509.X509Certificate[],
): Promise<void> {
  let child = cert;
  for (const parent of chain) {
    if (!(await signedBy(child, parent))) {
      throw awsError("CertificateMismatchException", "The certificate chain does not verify.");
    }
    child = parent;
  }
  if (!(await signedBy(child, child))) {
    throw awsError("CertificateMismatchException", "The certificate chain must end with a root.");
  }
}

function readBlobs(body: JsonObject): { arn: string; cert: Buffer; chain: Buffer | undefined } {
  const input = new Input(body);
  const arn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS }) ?? "";
  const cert = input.blob("Certificate", { required: true, min: 1, max: 32768 });
  const chain = input.blob("CertificateChain", { min: 0, max: 2097152 });
  input.done();
  return { arn, cert: cert ?? Buffer.alloc(0), chain };
}

/** Handles ImportCertificateAuthorityCertificate. */
export async function importCertificateAuthorityCertificate(
  ctx: PcaContext,
  body: JsonObject,
): Promise<JsonObject> {
  const blobs = readBlobs(body);
  const ca = findCa(ctx, blobs.arn);
  if (ca.key === undefined || ["CREATING", "FAILED", "DELETED"].includes(ca.status)) {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is not in a valid state for importing a certificate.`,
    );
  }
  const certPem = splitPem(blobs.cert.toString("latin1"))[0] ?? blobs.cert.toString("latin1");
  const cert = parseCert(certPem, "certificate");
  const chainPems = blobs.chain === undefined ? [] : splitPem(blobs.chain.toString("latin1"));
  const chain = chainPems.map((p) => parseCert(p, "certificate chain"));

  if (Buffer.from(cert.publicKey.rawData).toString("base64") !== ca.key.spki) {
    throw awsError(
      "CertificateMismatchException",
      "The certificate does not match the certificate authority's key.",
    );
  }
  checkConstraints(cert);
  const selfSigned = await signedBy(cert, cert);
  if (ca.type === "ROOT" && (!selfSigned || chain.length > 0)) {
    throw awsError(
      "InvalidRequestException",
      "A root CA certificate must be self-signed, without a chain.",
    );
  }
  if (ca.type === "SUBORDINATE" && (selfSigned || chain.length === 0)) {
    throw awsError(
      "InvalidRequestException",
      "A subordinate CA certificate must be signed by its parent and come with a chain.",
    );
  }
  await checkChain(cert, chain);

  ca.certificatePem = certPem;
  if (chain.length > 0) ca.chainPem = joinPem(chainPems);
  ca.serial = cert.serialNumber.toLowerCase();
  ca.notBefore = cert.notBefore.getTime();
  ca.notAfter = cert.notAfter.getTime();
  const next = ca.status === "DISABLED" ? "DISABLED" : "ACTIVE";
  ctx.store.setStatus(ca, next, ctx.now());
  return {};
}
