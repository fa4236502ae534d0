/**
 * Issuer manifests shaped like the ones the peer (cert-manager/aws-privateca-issuer) documents
 * and ships as samples, written out by their fields. Each must be admitted unchanged.
 *
 * @internal
 */
import type { AWSPCAIssuer } from "../resources.ts";

const CA =
  "arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/5f0c1d2e-0000-4000-8000-00000000abcd";

/** A peer manifest and the kind it is for. */
export interface PeerManifest {
  readonly title: string;
  /** The manifest; both issuer kinds share one TypeScript shape. */
  readonly object: AWSPCAIssuer;
}

/** Namespaced and cluster issuers in every shape the peer's docs and samples use. */
export const PEER_MANIFESTS: readonly PeerManifest[] = [
  {
    title: "namespaced issuer with a Secret in its namespace",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAIssuer",
      metadata: { name: "peer-secret" },
      spec: { arn: CA, region: "us-west-2", secretRef: { namespace: "default", name: "pca" } },
    },
  },
  {
    title: "cluster issuer with only arn and region (default credential chain)",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAClusterIssuer",
      metadata: { name: "peer-minimal" },
      spec: { arn: CA, region: "us-west-2" },
    },
  },
  {
    title: "cluster issuer assuming a role",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAClusterIssuer",
      metadata: { name: "peer-role" },
      spec: { arn: CA, role: "arn:aws:iam::111122223333:role/pca-issuer", region: "us-west-2" },
    },
  },
  {
    title: "namespaced issuer with a default template",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAIssuer",
      metadata: { name: "peer-template" },
      spec: {
        arn: CA,
        region: "us-west-2",
        pcaTemplate: { defaultTemplateName: "SubordinateCACertificate_PathLen1/V1" },
        secretRef: { namespace: "default", name: "pca" },
      },
    },
  },
  {
    title: "namespaced issuer with a not-before offset",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAIssuer",
      metadata: { name: "peer-offset" },
      spec: { arn: CA, region: "us-west-2", notBeforeOffset: "30s" },
    },
  },
  {
    title: "namespaced issuer with custom key selectors in the peer's full selector shape",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAIssuer",
      metadata: { name: "peer-selectors" },
      spec: {
        arn: CA,
        region: "us-west-2",
        secretRef: {
          name: "pca",
          namespace: "default",
          accessKeyIDSelector: { key: "id", name: "", optional: false },
          secretAccessKeySelector: { key: "secret" },
        },
      },
    },
  },
  {
    title: "chart-rendered issuer with empty region and role",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAIssuer",
      metadata: { name: "peer-empty-values" },
      spec: { arn: CA, region: "", role: "", secretRef: {} },
    },
  },
  {
    title: "docs placeholder ARN the peer admits",
    object: {
      apiVersion: "awspca.cert-manager.io/v1beta1",
      kind: "AWSPCAClusterIssuer",
      metadata: { name: "peer-placeholder" },
      spec: { arn: "<some-pca-arn>", region: "eu-west-1" },
    },
  },
];
