/**
 * The issuer controllers' own metric: one `awspca_issuer_ready` series per issuer, removed when
 * the issuer is deleted so the registry does not grow with issuers that are gone.
 */
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";

const NAME = "awspca_issuer_ready";

/** Labels of one issuer's series. @public */
export interface IssuerLabels {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * `awspca_issuer_ready{kind,namespace,name}`: 1 when the issuer's last check verified it, 0
 * otherwise. Registered once per registry; a second call returns the same gauge.
 * @public
 */
export class IssuerMetrics {
  readonly #ready: Gauge<"kind" | "namespace" | "name">;

  /** Registers the gauge in `registry`, or reuses the one already there. */
  constructor(registry: Registry) {
    const existing = registry.getSingleMetric(NAME);
    this.#ready =
      existing instanceof Gauge
        ? existing
        : new Gauge({
            name: NAME,
            help: "Whether the issuer's last check found it able to sign (1) or not (0)",
            labelNames: ["kind", "namespace", "name"],
            registers: [registry],
          });
  }

  /** Records an issuer's readiness. */
  setReady(labels: IssuerLabels, ready: boolean): void {
    this.#ready.set({ ...labels }, ready ? 1 : 0);
  }

  /** Drops a deleted issuer's series. */
  remove(labels: IssuerLabels): void {
    this.#ready.remove({ ...labels });
  }
}
