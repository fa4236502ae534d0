/**
 * Issue 6, "Proof (e2e)": CertificateRequests signed end to end by the whole operator
 * (buildOperator: issuer controllers, credentials from a Secret, the signing service, the
 * CertificateRequest controller) against the real API server and the PCA emulator, with
 * requests made by cmctl from Certificate manifests, and every certificate checked by node's
 * X509Certificate and openssl rather than by the code under test.
 *
 * One file, one operator: the CertificateRequest controller watches every namespace, so two
 * of these operators at once would also see each other's requests.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { TestContext } from "node:test";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { ANNOTATIONS } from "../../api/v1beta1/resources.ts";
import { buildBadCsrs, OVERSIZED_CSR_BYTES } from "./bad-csrs.ts";
import { EXPECTED_TEMPLATE, holdsKey, leafOf, verifyIssued } from "./checks.ts";
import { ISSUER_DEFAULT_DURATION_MS, startIssuanceEnv } from "./kit.ts";
import type { IssuanceEnv } from "./kit.ts";
import {
  certificateManifest,
  createAndApprove,
  createRawRequest,
  deleteRequest,
  listEvents,
  mapLimit,
  readyOf,
  waitTerminal,
} from "./requests.ts";
import type { TerminalRequest } from "./requests.ts";
import { coverageGaps, coveringSubset, expectedDurationMs, formatTable } from "./matrix.ts";
import type { MatrixRow } from "./matrix.ts";
import { throttleHalfOfIssues } from "./throttle.ts";
import { checkEvents } from "./events.ts";

const TEST_TIMEOUT_MS = 120_000;
const BURST = 20;

function sansFor(row: MatrixRow) {
  const host = `${row.name}.issuance.example.com`;
  const dnsNames = [host, `${row.name}-alt.issuance.example.com`];
  const extra = [
    { field: "ipAddresses", value: `10.6.0.${row.index + 1}`, shown: "IP Address:" },
    { field: "uris", value: `spiffe://issuance.example.com/sa/${row.name}`, shown: "URI:" },
    { field: "emailAddresses", value: `${row.name}@issuance.example.com`, shown: "email:" },
  ][row.index % 3];
  if (extra === undefined) throw new RangeError("no SAN kind");
  const spec = { dnsNames, [extra.field]: [extra.value] };
  const shown = [...dnsNames.map((d) => `DNS:${d}`), `${extra.shown}${extra.value}`];
  // Every fifth row has no commonName: SANs alone must do.
  const commonName = row.index % 5 === 4 ? undefined : host;
  return { spec, shown, commonName };
}

function manifestFor(env: IssuanceEnv, row: MatrixRow) {
  const sans = sansFor(row);
  const usages =
    row.usage === "none" || row.usage === "ca"
      ? {}
      : {
          usages: {
            server: ["server auth"],
            client: ["client auth"],
            both: ["server auth", "client auth"],
            "code-signing": ["code signing"],
          }[row.usage],
        };
  const spec = {
    ...(sans.commonName === undefined ? {} : { commonName: sans.commonName }),
    ...sans.spec,
    privateKey: { algorithm: row.requestKey.algorithm, size: row.requestKey.size },
    ...usages,
    ...(row.usage === "ca" ? { isCA: true } : {}),
    ...(row.duration === undefined ? {} : { duration: row.duration }),
  };
  const issuer = { kind: row.kind, name: env.issuerName(row.kind, row.caKey) };
  return { manifest: certificateManifest(row.name, issuer, spec), sans };
}

function issuedOf(done: Map<string, TerminalRequest>, name: string): TerminalRequest {
  const t = done.get(name);
  assert.ok(t, `${name} was seen terminal`);
  const ready = readyOf(t.cr);
  assert.equal(ready?.status, "True", `${name} Ready: ${JSON.stringify(ready)}`);
  assert.equal(ready.reason, "Issued");
  return t;
}

function diagnose(t: TestContext, lines: readonly string[]): void {
  for (const line of lines) t.diagnostic(line);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

describe("issuance through the whole operator", () => {
  let env: IssuanceEnv;

  before(async () => {
    env = await startIssuanceEnv();
  });

  after(async () => {
    await env.stop();
  });

  it(
    "should issue a verified certificate for every row of the covering subset when cmctl requests it",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const started = Date.now();
      const rows = coveringSubset();
      assert.deepEqual(coverageGaps(rows), [], "the subset covers every value and CA × key pair");
      const issuedBefore = env.emulator.counters.snapshot().certificatesIssued;

      const made = await mapLimit(rows, 4, async (row) => {
        const { manifest, sans } = manifestFor(env, row);
        return { row, sans, created: await createAndApprove(env, manifest) };
      });
      const done = await waitTerminal(
        env,
        rows.map((r) => r.name),
        90_000,
      );

      const table: string[][] = [];
      for (const { row, sans, created } of made) {
        const { cr, seenAtMs } = issuedOf(done, row.name);
        const pair = env.cas[row.caKey];
        const arn = cr.metadata.annotations?.[ANNOTATIONS.certificateArn] ?? "";
        assert.ok(arn.startsWith(`${pair.issuingArn}/certificate/`), `${row.name}: ARN ${arn}`);
        const v = await verifyIssued(cr, {
          keyPem: created.keyPem,
          sans: sans.shown,
          commonName: sans.commonName,
          usage: row.usage,
          caKey: row.caKey,
          durationMs: expectedDurationMs(row, ISSUER_DEFAULT_DURATION_MS),
          notBeforeMs: created.approvedAtMs,
          notAfterMs: seenAtMs,
          issuingPem: pair.issuingPem,
          rootPem: pair.rootPem,
        });
        table.push([
          String(row.index),
          row.kind.replace("AWSPCA", ""),
          row.caKey,
          row.requestKey.label,
          row.usage,
          row.duration ?? `unset→${String(ISSUER_DEFAULT_DURATION_MS[row.kind] / 3_600_000)}h`,
          EXPECTED_TEMPLATE[row.usage].replace("Certificate", "").replace("/V1", ""),
          v.eku,
          v.signatureAlgorithm,
          `${v.notAfterSlackS >= 0 ? "+" : ""}${v.notAfterSlackS}`,
          v.openssl,
        ]);
      }

      const issuedAfter = env.emulator.counters.snapshot().certificatesIssued;
      for (const [caKey, pair] of Object.entries(env.cas)) {
        const wanted = rows.filter((r) => r.caKey === caKey).length;
        const got = (issuedAfter[pair.issuingArn] ?? 0) - (issuedBefore[pair.issuingArn] ?? 0);
        assert.equal(got, wanted, `${caKey}: one IssueCertificate success per request`);
      }
      const header = ["#", "kind", "CA key", "req key", "usage", "duration", "template"];
      header.push("EKU", "signature", "NotAfter Δs", "openssl");
      diagnose(t, formatTable(header, table));
      t.diagnostic(
        `${rows.length} requests issued and verified in ${seconds(Date.now() - started)}`,
      );
      t.diagnostic(`operator log: ${env.logFile}`);
    },
  );

  it(
    "should issue every request exactly once when the emulator throttles half the IssueCertificate calls",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const started = Date.now();
      const issuer = {
        kind: "AWSPCAIssuer" as const,
        name: env.issuerName("AWSPCAIssuer", "EC_prime256v1"),
      };
      const caArn = env.cas.EC_prime256v1.issuingArn;
      const names = Array.from({ length: BURST }, (_, i) => `burst-${i}`);
      const keys = await mapLimit(names, 4, async (name) => {
        const manifest = certificateManifest(name, issuer, {
          dnsNames: [`${name}.issuance.example.com`],
          usages: ["server auth"],
          privateKey: { algorithm: "ECDSA", size: 256 },
        });
        return (await env.cmctl.createCertificateRequest(env.namespace, name, manifest)).keyPem;
      });

      const before = env.emulator.counters.snapshot();
      const throttle = throttleHalfOfIssues(env.emulator.faults, BURST);
      let done: Map<string, TerminalRequest>;
      try {
        await mapLimit(names, 10, (name) => env.cmctl.approve(env.namespace, name));
        done = await waitTerminal(env, names, 90_000);
      } finally {
        throttle.restore();
      }

      const after = env.emulator.counters.snapshot();
      const delta = (outcome: string): number =>
        (after.calls.IssueCertificate?.[outcome] ?? 0) -
        (before.calls.IssueCertificate?.[outcome] ?? 0);
      const arns = new Set<string>();
      names.forEach((name, i) => {
        const { cr } = issuedOf(done, name);
        assert.ok(holdsKey(leafOf(cr), keys[i] ?? ""), `${name}: the leaf holds cmctl's key`);
        arns.add(cr.metadata.annotations?.[ANNOTATIONS.certificateArn] ?? "");
      });
      assert.equal(arns.size, BURST, "a distinct certificate ARN per request");
      assert.equal(delta("ok"), BURST, "IssueCertificate successes equal the requests");
      const issued =
        (after.certificatesIssued[caArn] ?? 0) - (before.certificatesIssued[caArn] ?? 0);
      assert.equal(issued, BURST, "certificates issued equal the requests");
      assert.equal(delta("ThrottlingException"), throttle.throttled());
      assert.ok(
        throttle.throttled() >= BURST / 2,
        `half the calls were throttled (${throttle.throttled()})`,
      );
      const waited = env.transitions
        .histories()
        .filter((h) => h.name.startsWith("burst-"))
        .filter((h) => h.states.some((s) => s.message.includes("throttled"))).length;
      t.diagnostic(`${waited} of ${BURST} requests showed Pending "throttled" on the way`);
      t.diagnostic(
        `${BURST} requests: IssueCertificate ${delta("ok")} ok, ${delta("ThrottlingException")} throttled; ` +
          `all Ready in ${seconds(Date.now() - started)}`,
      );
    },
  );

  it(
    "should sign the new key and never return the old certificate when a request is re-created under the same name",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const started = Date.now();
      const name = "again";
      const issuer = {
        kind: "AWSPCAIssuer" as const,
        name: env.issuerName("AWSPCAIssuer", "EC_secp384r1"),
      };
      const manifest = certificateManifest(name, issuer, {
        commonName: "again.issuance.example.com",
        dnsNames: ["again.issuance.example.com"],
        usages: ["server auth"],
        privateKey: { algorithm: "ECDSA", size: 256 },
      });
      const caArn = env.cas.EC_secp384r1.issuingArn;
      const issuedBefore = env.emulator.counters.issuedBy(caArn);

      const first = await createAndApprove(env, manifest);
      const a = issuedOf(await waitTerminal(env, [name]), name).cr;
      await deleteRequest(env, name);
      const second = await createAndApprove(env, manifest);
      const b = issuedOf(await waitTerminal(env, [name]), name).cr;

      assert.notEqual(first.keyPem, second.keyPem, "cmctl made a new key");
      assert.notEqual(a.metadata.uid, b.metadata.uid);
      const [leafA, leafB] = [leafOf(a), leafOf(b)];
      assert.ok(holdsKey(leafA, first.keyPem), "the first certificate holds the first key");
      assert.ok(holdsKey(leafB, second.keyPem), "the new certificate holds the new key");
      assert.ok(!holdsKey(leafB, first.keyPem), "the new certificate does not hold the old key");
      assert.notEqual(leafA.serialNumber, leafB.serialNumber);
      const arnOf = (cr: CertificateRequest): string | undefined =>
        cr.metadata.annotations?.[ANNOTATIONS.certificateArn];
      assert.notEqual(arnOf(a), arnOf(b));

      // Same name and the very same CSR again, written directly: still a new request, so a
      // new certificate, not the one issued for the previous object.
      await deleteRequest(env, name);
      await createRawRequest(env, name, Buffer.from(b.spec.request, "base64"), issuer);
      await env.cmctl.approve(env.namespace, name);
      const c = issuedOf(await waitTerminal(env, [name]), name).cr;
      const leafC = leafOf(c);
      assert.ok(holdsKey(leafC, second.keyPem));
      assert.notEqual(
        leafC.serialNumber,
        leafB.serialNumber,
        "a fresh certificate for the same CSR",
      );

      const elapsed = Date.now() - started;
      assert.ok(elapsed < 5 * 60_000, "all within the five-minute idempotency window");
      assert.equal(env.emulator.counters.issuedBy(caArn) - issuedBefore, 3);
      t.diagnostic(`three generations of ${name} issued in ${seconds(elapsed)}`);
    },
  );

  it(
    "should fail each request with a message naming the problem and keep issuing when CSRs are bad",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const started = Date.now();
      const issuer = {
        kind: "AWSPCAClusterIssuer" as const,
        name: env.issuerName("AWSPCAClusterIssuer", "RSA_2048"),
      };
      const caArn = env.cas.RSA_2048.issuingArn;
      const issuedBefore = env.emulator.counters.issuedBy(caArn);
      const callsBefore = env.emulator.counters.snapshot().calls.IssueCertificate ?? {};
      const bad = await buildBadCsrs();
      const oversized = bad.find((b) => b.name === "bad-oversized");
      assert.ok(
        oversized && oversized.csrPem.length > 32_768,
        "the oversized CSR exceeds 32768 bytes",
      );
      t.diagnostic(`oversized CSR: ${oversized.csrPem.length} bytes (aim ${OVERSIZED_CSR_BYTES})`);

      for (const b of bad) await createRawRequest(env, b.name, b.csrPem, issuer);
      await mapLimit(bad, 6, (b) => env.cmctl.approve(env.namespace, b.name));
      const done = await waitTerminal(
        env,
        bad.map((b) => b.name),
      );

      const lines: string[][] = [];
      for (const b of bad) {
        const cr = done.get(b.name)?.cr;
        const ready = cr === undefined ? undefined : readyOf(cr);
        assert.equal(ready?.status, "False", `${b.problem}: Ready=False`);
        assert.equal(
          ready.reason,
          "Failed",
          `${b.problem}: reason Failed, got ${ready.reason ?? ""}`,
        );
        assert.ok(cr?.status?.failureTime, `${b.problem}: failureTime set`);
        for (const word of b.mustSay)
          assert.match(ready.message ?? "", word, `${b.problem}: message`);
        lines.push([b.problem, (ready.message ?? "").replace(/arn:\S+/, "<ca-arn>")]);
      }
      assert.equal(env.emulator.counters.issuedBy(caArn), issuedBefore, "nothing was issued");
      // One IssueCertificate each and no retries: these errors cannot succeed on retry.
      const callsAfter = env.emulator.counters.snapshot().calls.IssueCertificate ?? {};
      const calls = (name: string): number => (callsAfter[name] ?? 0) - (callsBefore[name] ?? 0);
      assert.equal(calls("MalformedCSRException"), 5, "one call per malformed CSR");
      assert.equal(calls("ValidationException"), 1, "one call for the oversized CSR");
      assert.equal(calls("ok"), 0);

      assert.ok(env.running(), "the operator is still running");
      const good = certificateManifest("after-bad", issuer, {
        dnsNames: ["after-bad.issuance.example.com"],
        usages: ["client auth"],
        privateKey: { algorithm: "ECDSA", size: 256 },
      });
      const created = await createAndApprove(env, good);
      const cr = issuedOf(await waitTerminal(env, ["after-bad"]), "after-bad").cr;
      assert.ok(holdsKey(leafOf(cr), created.keyPem), "a good request is still issued");
      diagnose(t, formatTable(["bad CSR", "Ready=False/Failed message"], lines));
      t.diagnostic(`bad CSRs failed and a good one issued in ${seconds(Date.now() - started)}`);
    },
  );

  it(
    "should emit an Event for every Ready state a request reaches when requests are pending, issued or failed",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const summary = await checkEvents(env.transitions, () => listEvents(env));
      assert.ok(summary.issued >= 15 + BURST + 3 + 1, `Issued events: ${summary.issued}`);
      assert.ok(summary.failed >= 6, `Failed events: ${summary.failed}`);
      t.diagnostic(
        `${summary.requests} requests, ${summary.states} Ready states, ${summary.events} Events ` +
          `(Issued ${summary.issued}, Failed ${summary.failed}, Pending ${summary.pending})`,
      );
    },
  );

  it(
    "should neither fetch nor write again when a request is already terminal and the operator's cache still shows it open",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      await sleep(1_000); // let any late reconcile of the last request land
      const histories = env.transitions.histories();
      const issued = histories.filter((h) => h.states.some((s) => s.status === "True")).length;
      const late = histories
        .filter((h) => h.writesAfterTerminal > 0)
        .map((h) => `${h.name}: ${h.writesAfterTerminal}`);
      const gets = env.emulator.counters.count("GetCertificate", "ok");
      t.diagnostic(
        `${issued} issued; GetCertificate ok ${gets}; rewritten after terminal: ${late.length}`,
      );
      assert.deepEqual(late, [], "no status write after a request is terminal (design.md step 1)");
      assert.equal(gets, issued, "one successful GetCertificate per issued request");
    },
  );
});
