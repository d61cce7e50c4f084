import assert from "node:assert/strict";
import { decodeForScan } from "../../../../plugins/local_checks/secrets/decode_text.ts";

const utf16 = (text: string, littleEndian: boolean, bom: boolean) => {
  const out = new Uint8Array(text.length * 2 + (bom ? 2 : 0));
  if (bom) out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) {
    view.setUint16((bom ? 2 : 0) + 2 * i, text.charCodeAt(i), littleEndian);
  }
  return out;
};

Deno.test("decode: UTF-16 with and without a BOM, either byte order", () => {
  const text = "line one\nkey = value\n";
  for (const littleEndian of [true, false]) {
    for (const bom of [true, false]) {
      const decoded = decodeForScan("a.txt", utf16(text, littleEndian, bom));
      assert.equal(decoded?.text, text, `le=${littleEndian} bom=${bom}`);
      assert.equal(decoded?.textual, true);
    }
  }
});

Deno.test("decode: text with a few NUL bytes keeps its lines and every rule runs", () => {
  const bytes = new TextEncoder().encode("HDR\0\0\0\nsecond\nthird line\n");
  const decoded = decodeForScan("dump.dat", bytes)!;
  assert.equal(decoded.kind, "binary");
  assert.equal(decoded.textual, true);
  assert.equal(decoded.text.split("\n")[2], "third line");
});

Deno.test("decode: a NUL byte past the first 8 KiB still counts", () => {
  const bytes = new TextEncoder().encode("a".repeat(9000) + "\0tail\n");
  assert.equal(decodeForScan("x.txt", bytes)!.kind, "binary");
});

Deno.test("decode: random binaries run only the token rules; compressed media are skipped", () => {
  let state = 1;
  const noise = Uint8Array.from(
    { length: 4096 },
    () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24,
  );
  noise[100] = 0;
  const decoded = decodeForScan("blob.bin", noise)!;
  assert.equal(decoded.kind, "binary");
  assert.equal(decoded.textual, false);
  assert.equal(decodeForScan("logo.png", noise), undefined);
  assert.equal(
    decodeForScan("plain.ts", new TextEncoder().encode("const a = 1;\n"))!.kind,
    "utf-8",
  );
});
