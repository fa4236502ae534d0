import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ACMPCAClient } from "@aws-sdk/client-acm-pca";
import type { ACMPCAClientConfig } from "@aws-sdk/client-acm-pca";

import { ClientPool, regionOf } from "./client-pool.ts";

const CA = "arn:aws:acm-pca:eu-west-3:123456789012:certificate-authority/a";
const credentials = () =>
  Promise.resolve({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" });

function recordingPool(): { pool: ClientPool; configs: ACMPCAClientConfig[]; destroyed: string[] } {
  const configs: ACMPCAClientConfig[] = [];
  const destroyed: string[] = [];
  const pool = new ClientPool({
    endpoint: "http://127.0.0.1:1",
    createClient: (config) => {
      configs.push(config);
      const client = new ACMPCAClient(config);
      const destroy = client.destroy.bind(client);
      client.destroy = () => {
        destroyed.push(String(config.region ?? ""));
        destroy();
      };
      return client;
    },
  });
  return { pool, configs, destroyed };
}

describe("ClientPool", () => {
  it("should reuse one client when the issuer, region and credentials are the same", () => {
    const { pool, configs } = recordingPool();
    const key = { issuerKey: "i", caArn: CA, credentialsKey: "k", credentials };
    assert.equal(pool.get(key), pool.get(key));
    assert.equal(configs.length, 1);
    assert.equal(configs[0]!.region, "eu-west-3");
    assert.equal(configs[0]!.endpoint, "http://127.0.0.1:1");
    pool.close();
  });

  it("should use the issuer's region over the ARN's when one is given", () => {
    const { pool, configs } = recordingPool();
    pool.get({ issuerKey: "i", caArn: CA, region: "us-west-2", credentialsKey: "k", credentials });
    assert.equal(configs[0]!.region, "us-west-2");
    pool.close();
  });

  it("should replace an issuer's client when its credentials identity changes", () => {
    const { pool, destroyed } = recordingPool();
    const a = pool.get({ issuerKey: "i", caArn: CA, credentialsKey: "v1", credentials });
    const b = pool.get({ issuerKey: "i", caArn: CA, credentialsKey: "v2", credentials });
    assert.notEqual(a, b);
    assert.equal(pool.size, 1);
    assert.deepEqual(destroyed, ["eu-west-3"]);
    pool.close();
  });

  it("should keep issuers apart when two issuers share a CA", () => {
    const { pool } = recordingPool();
    const a = pool.get({ issuerKey: "a", caArn: CA, credentialsKey: "k", credentials });
    const b = pool.get({ issuerKey: "b", caArn: CA, credentialsKey: "k", credentials });
    assert.notEqual(a, b);
    assert.equal(pool.size, 2);
    pool.close();
  });

  it("should destroy only that issuer's clients when released", () => {
    const { pool, destroyed } = recordingPool();
    pool.get({ issuerKey: "a", caArn: CA, credentialsKey: "k", credentials });
    pool.get({ issuerKey: "b", caArn: CA, credentialsKey: "k", credentials });
    assert.equal(pool.release("a"), 1);
    assert.equal(pool.size, 1);
    assert.equal(destroyed.length, 1);
    assert.equal(pool.release("a"), 0);
    pool.close();
    assert.equal(pool.size, 0);
  });

  it("should read the region from the ARN when asked", () => {
    assert.equal(regionOf(CA), "eu-west-3");
    assert.throws(() => regionOf("arn:aws:acm-pca::1:x"), /no region/);
  });
});
