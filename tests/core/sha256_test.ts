/** The plain SHA-256 gives node:crypto's digests: standard vectors, block edges, UTF-8, lone surrogates. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256, sha256Hex } from "../../core/sha256.ts";

const reference = (text: string) => createHash("sha256").update(text).digest("hex");

Deno.test("sha256: FIPS 180-4 vectors", () => {
  assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
  assert.equal(sha256("abc").length, 32);
});

Deno.test("sha256: equals node:crypto across block edges, UTF-8 and random text", () => {
  const cases = ["a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(65)];
  cases.push("é漢字🙂".repeat(40), "\0\n\t", "lone \ud800 surrogate \udfff", "x".repeat(100_000));
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 300; i++) {
    cases.push(
      Array.from(
        { length: Math.floor(random() * 300) },
        () => String.fromCharCode(Math.floor(random() * 0xffff)),
      ).join(""),
    );
  }
  for (const text of cases) {
    assert.equal(sha256Hex(text), reference(text), JSON.stringify(text.slice(0, 20)));
  }
});
