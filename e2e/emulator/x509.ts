/**
 * The one place that loads `@peculiar/x509`: it needs `reflect-metadata` first and a WebCrypto
 * provider, which we take from Node.
 * @internal
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
