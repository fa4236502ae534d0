/**
 * A minimal DER writer for the few structures `@peculiar/x509` does not build for us
 * (certificate policies with qualifiers, general names of every kind).
 * @internal
 */

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A tag-length-value with the given tag byte. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** SEQUENCE of already encoded items. */
export function seq(items: readonly Uint8Array[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** OBJECT IDENTIFIER from dotted text; throws on malformed input. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map((p) => {
    if (!/^\d+$/.test(p)) throw new Error(`invalid object identifier ${dotted}`);
    return BigInt(p);
  });
  const [first, second, ...rest] = parts;
  if (first === undefined || second === undefined)
    throw new Error(`invalid object identifier ${dotted}`);
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** IA5String. */
export function ia5(text: string): Buffer {
  return tlv(0x16, Buffer.from(text, "latin1"));
}

/** UTF8String. */
export function utf8(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, "utf8"));
}

/** Context-specific tag number `n`, primitive (implicit) or constructed. */
export function context(n: number, content: Uint8Array, constructed: boolean): Buffer {
  return tlv((constructed ? 0xa0 : 0x80) | n, content);
}

/** Re-tags an encoded primitive TLV as implicit context tag `n` (keeps its content). */
export function implicit(n: number, encoded: Buffer, constructed = false): Buffer {
  const lenByte = encoded[1] ?? 0;
  const headerLen = lenByte < 0x80 ? 2 : 2 + (lenByte & 0x7f);
  return context(n, encoded.subarray(headerLen), constructed);
}
