import { ApiException, CoreV1Api } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";

import type { SecretReader } from "./secret-source.ts";

/**
 * A {@link SecretReader} that GETs each Secret from the API server (no cache). Suits tests and
 * small installations; an operator with many issuers passes a reader over a watch cache of
 * only the referenced Secrets instead.
 *
 * @param kc - credentials of an identity allowed to `get` the Secrets.
 * @public
 */
export function kubernetesSecretReader(kc: KubeConfig): SecretReader {
  const api = kc.makeApiClient(CoreV1Api);
  return async (namespace, name) => {
    try {
      return await api.readNamespacedSecret({ namespace, name });
    } catch (err) {
      // 404 is an answer ("no such Secret"), not a failure; the caller turns it into a reason.
      if (err instanceof ApiException && err.code === 404) return undefined;
      throw err;
    }
  };
}
