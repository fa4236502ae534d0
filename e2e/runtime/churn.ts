/** Rapid create/update/delete traffic against Widgets, partitioned so each key's ops are sequential. */
import type { ResourceClient } from "../../operator/runtime/index.ts";
import { widget } from "./widget.ts";
import type { WidgetObject } from "./widget.ts";

export interface ChurnOptions {
  readonly namespace: string;
  readonly operations: number;
  readonly lanes: number;
  /** Called after each operation; may pause (e.g. while the API server is down). */
  readonly afterOp?: (done: number) => Promise<void>;
}

/** Runs the churn; returns the counts by operation type. Failed operations are retried. */
export async function churn(client: ResourceClient<WidgetObject>, opts: ChurnOptions) {
  const counts = { create: 0, update: 0, delete: 0 };
  let done = 0;
  let seq = 0;
  const lane = async (laneId: number) => {
    const alive = new Map<string, number>();
    let rnd = laneId * 7919 + 1;
    const next = () => (rnd = (rnd * 48271) % 2147483647) / 2147483647;
    while (done < opts.operations) {
      done++;
      const op = pick(alive.size, next());
      const names = [...alive.keys()];
      const name =
        op === "create" ? `w-${laneId}-${seq++}` : (names[Math.floor(next() * names.length)] ?? "");
      const value = Math.floor(next() * 1e6);
      await retry(() => apply(client, { ns: opts.namespace, op, name, value }, alive));
      counts[op]++;
      await opts.afterOp?.(done);
    }
  };
  await Promise.all(Array.from({ length: opts.lanes }, (_, i) => lane(i)));
  return counts;
}

function pick(aliveCount: number, r: number): "create" | "update" | "delete" {
  if (aliveCount < 3) return "create";
  if (r < 0.2) return "create";
  if (r < 0.8) return "update";
  return "delete";
}

interface Op {
  readonly ns: string;
  readonly op: "create" | "update" | "delete";
  readonly name: string;
  readonly value: number;
}

async function apply(
  client: ResourceClient<WidgetObject>,
  { ns, op, name, value }: Op,
  alive: Map<string, number>,
): Promise<void> {
  if (op === "create") {
    await client.create(widget(ns, name, value));
    alive.set(name, value);
  } else if (op === "update") {
    await client.patch(ns, name, { spec: { value } });
    alive.set(name, value);
  } else {
    await client.delete(ns, name);
    alive.delete(name);
  }
}

async function retry(fn: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await fn();
      return;
    } catch (err) {
      // A create or delete may have landed before the connection broke: accept 409/404.
      const code = (err as { statusCode?: number }).statusCode;
      if (code === 409 || code === 404) return;
      if (i > 200) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
