/**
 * Breakage: requests and issuers no sane client would send. Each must end with a clear
 * condition (Failed with a reason, or Pending for an issuer that cannot be used), and the
 * operator must keep running and keep signing good requests.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { ANNOTATIONS } from "../../api/v1beta1/resources.ts";
import { PATH_LENGTH_ANNOTATION } from "../../operator/pca/templates.ts";
import {
  createIssuer,
  createRequest,
  issuerReady,
  leafOf,
  makeCsr,
  mapLimit,
  PCA_GROUP,
  readyOf,
  startBreakEnv,
  waitAllTerminal,
  waitRequest,
  SECRET_ACCESS_KEY,
  eventNotes,
} from "./kit.ts";
import type { BreakEnv, RequestOptions } from "./kit.ts";

const rejections: unknown[] = [];
process.on("unhandledRejection", (r) => rejections.push(r));

const b64 = (s: string): string => Buffer.from(s).toString("base64");

interface Case {
  readonly name: string;
  readonly options: (csrPem: string) => RequestOptions;
  /** "Issued", or a pattern the Failed message must match. */
  readonly expect: "Issued" | RegExp;
}

const pad = (pem: string, total: number): string => pem + "\n".repeat(total - pem.length);

const CASES: readonly Case[] = [
  { name: "empty", options: () => ({ request: "" }), expect: /no PEM CSR/ },
  { name: "not-pem", options: () => ({ request: b64("hello\u0000world") }), expect: /no PEM CSR/ },
  {
    name: "junk-pem",
    options: () => ({
      request: b64(
        "-----BEGIN CERTIFICATE REQUEST-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE REQUEST-----\n",
      ),
    }),
    expect: /csr/i,
  },
  {
    name: "csr-32768",
    options: (pem) => ({ request: b64(pad(pem, 32_768)) }),
    expect: "Issued",
  },
  {
    name: "csr-32769",
    options: (pem) => ({ request: b64(pad(pem, 32_769)) }),
    expect: /32768|length|validation/i,
  },
  ...["7", "-1", "abc", " 0", "0x1", "١"].map((v, i): Case => ({
    name: `pathlen-${String(i)}`,
    options: () => ({ spec: { isCA: true }, annotations: { [PATH_LENGTH_ANNOTATION]: v } }),
    expect: /must be 0, 1, 2 or 3/,
  })),
  {
    name: "pathlen-2-not-allowed",
    options: () => ({ spec: { isCA: true }, annotations: { [PATH_LENGTH_ANNOTATION]: "2" } }),
    expect: /allowedTemplates/,
  },
  {
    name: "template-not-allowed",
    options: () => ({ annotations: { [ANNOTATIONS.template]: "CodeSigningCertificate/V1" } }),
    expect: /allowedTemplates/,
  },
  {
    name: "template-garbage",
    options: () => ({ annotations: { [ANNOTATIONS.template]: "💥/../../V1".repeat(500) } }),
    expect: /not an AWS Private CA template/,
  },
  { name: "duration-0s", options: () => ({ spec: { duration: "0s" } }), expect: /one second/ },
  { name: "duration-neg", options: () => ({ spec: { duration: "-1h" } }), expect: /duration/ },
  { name: "duration-abc", options: () => ({ spec: { duration: "abc" } }), expect: /duration/ },
  { name: "duration-huge", options: () => ({ spec: { duration: "999999h" } }), expect: "Issued" },
  {
    name: "duration-inf",
    options: () => ({ spec: { duration: `${"9".repeat(400)}h` } }),
    expect: "Issued",
  },
  {
    name: "usages-odd",
    options: () => ({ spec: { usages: ["crl sign", "netscape sgc", "s/mime"] } }),
    expect: "Issued",
  },
];

describe("breakage: bad input", { timeout: 90_000 }, () => {
  let env: BreakEnv;
  before(async () => {
    env = await startBreakEnv();
  });
  after(async () => {
    await env.stop();
  });

  it("should end every absurd request with a clear condition and keep signing when requests are garbage", async () => {
    const refused = new Set<string>();
    await mapLimit(CASES, 6, async (c) => {
      const csr = await makeCsr(`${c.name}.bad.example.com`);
      try {
        await createRequest(env, c.name, c.options(csr.pem));
      } catch (err) {
        // The CRD schema refusing it (e.g. "" is not of type byte) is a clear answer too.
        if ((err as { code?: number }).code !== 422) throw err;
        refused.add(c.name);
      }
    });
    const made = CASES.filter((c) => !refused.has(c.name));
    assert.deepEqual([...refused], ["empty"], "only the empty request is refused by the schema");
    const done = await waitAllTerminal(
      env,
      made.map((c) => c.name),
      40_000,
    );
    const problems: string[] = [];
    for (const c of made) {
      const ready = readyOf(done.get(c.name) ?? assert.fail(`${c.name} not terminal`));
      if (c.expect === "Issued") {
        if (ready?.reason !== "Issued") problems.push(`${c.name}: ${JSON.stringify(ready)}`);
      } else if (ready?.reason !== "Failed" || !c.expect.test(ready.message ?? "")) {
        problems.push(`${c.name}: ${JSON.stringify(ready)}`);
      }
    }
    assert.deepEqual(problems, []);
    // The huge durations are clamped to the issuing CA's own expiry.
    const caNotAfter = new Date(
      leafOf(done.get("duration-huge") ?? assert.fail("no duration-huge")).notAfter,
    );
    assert.ok(caNotAfter.getTime() > Date.now() + 365 * 24 * 3_600_000);
    // Still alive and signing.
    await createRequest(env, "good-after-bad");
    await waitRequest(env, "good-after-bad", (r) => readyOf(r)?.status === "True");
    assert.equal(env.op.settled(), false);
  });

  it("should keep a request Pending with a message naming the problem when its issuer spec is absurd", async () => {
    const specs: Record<string, Record<string, unknown>> = {
      "bad-arn": { arn: "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/💥" },
      "long-region": { arn: env.issuingArn, region: "x".repeat(20_000) },
      "no-secret": { arn: env.issuingArn, secretRef: { name: "does-not-exist" } },
      "unicode-role": { arn: env.issuingArn, role: "arn:aws:iam::123456789012:role/ŕöłé" },
    };
    const created: string[] = [];
    for (const [name, spec] of Object.entries(specs)) {
      try {
        await createIssuer(env.kc, env.namespace, name, spec);
        created.push(name);
      } catch {
        // The CRD schema refused it: that is a clear answer too.
      }
    }
    assert.ok(
      created.includes("no-secret") && created.includes("bad-arn"),
      `created ${created.join(",")}`,
    );
    const names = created.map((i) => `for-${i}`);
    await mapLimit(created, 4, (i) => createRequest(env, `for-${i}`, { issuer: i }));
    for (const name of names) {
      const cr = await waitRequest(env, name, (r) => readyOf(r)?.reason === "Pending");
      assert.match(readyOf(cr)?.message ?? "", /not ready|not found/);
    }
    for (const i of created) {
      const ready = (await issuerReady(env, i)) ?? assert.fail(`${i} has no Ready condition`);
      const message = ready.message ?? "";
      assert.equal(ready.status, "False", `${i}: ${JSON.stringify(ready)}`);
      assert.ok(message.length > 0);
      assert.ok(message.length < 5000, `${i}: message of ${String(message.length)} chars`);
    }
    const api = env.kc.makeApiClient(CustomObjectsApi);
    for (const i of created) {
      await api.deleteNamespacedCustomObject({
        group: PCA_GROUP,
        version: "v1beta1",
        namespace: env.namespace,
        plural: "awspcaissuers",
        name: i,
      });
    }
    assert.equal(env.op.settled(), false);
  });

  it("should never put the secret in logs or events and never leave an unhandled rejection", async () => {
    assert.ok(!env.op.logs.text().includes(SECRET_ACCESS_KEY));
    assert.ok(!(await eventNotes(env)).join("\n").includes(SECRET_ACCESS_KEY));
    assert.deepEqual(rejections, []);
  });
});
