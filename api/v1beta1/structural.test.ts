import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Type } from "@sinclair/typebox";

import { NonStructuralSchemaError, toStructuralSchema } from "./structural.ts";

void describe("toStructuralSchema", () => {
  void it("should drop TypeBox symbols and sort keys at every level", () => {
    const out = toStructuralSchema(
      Type.Object({ b: Type.String({ pattern: "^x$" }), a: Type.Array(Type.Integer()) }),
    );
    assert.deepEqual(
      JSON.stringify(out),
      JSON.stringify({
        properties: {
          a: { items: { type: "integer" }, type: "array" },
          b: { pattern: "^x$", type: "string" },
        },
        required: ["b", "a"],
        type: "object",
      }),
    );
    assert.deepEqual(Object.getOwnPropertySymbols(out), []);
  });

  void it("should reject constructs a structural schema forbids, naming the node", () => {
    const cases: [object, RegExp][] = [
      [Type.Object({ a: Type.Literal("x") }), /\.properties\.a uses const/],
      [
        Type.Object({ a: Type.Union([Type.String(), Type.Number()]) }),
        /\.properties\.a uses anyOf/,
      ],
      [Type.Record(Type.String(), Type.String()), /<root> uses patternProperties/],
      [Type.Object({}, { $id: "X" }), /<root> uses \$id/],
      [Type.Object({ a: Type.Unknown() }), /\.properties\.a has no type/],
      [Type.Object({}, { additionalProperties: false }), /<root> sets additionalProperties: false/],
    ];
    for (const [schema, message] of cases) {
      assert.throws(
        () => toStructuralSchema(schema),
        (err: unknown) => {
          assert.ok(err instanceof NonStructuralSchemaError);
          assert.match(err.message, message);
          return true;
        },
      );
    }
  });

  void it("should accept an int-or-string node without a type", () => {
    const out = toStructuralSchema({ "x-kubernetes-int-or-string": true });
    assert.deepEqual(out, { "x-kubernetes-int-or-string": true });
  });
});
