import assert from "node:assert/strict";
import {
  base62,
  crc32,
  hasTokenChecksum,
  isDiscordBotToken,
  isPypiMacaroon,
} from "../../../../core/secrets/token_shapes/checksums.ts";
import {
  checksummedToken,
  discordBotToken,
  pypiToken,
  Random,
} from "../../../../scripts/secret_corpus_tokens.ts";

Deno.test("checksums: CRC-32 and base62 match their reference values", () => {
  assert.equal(crc32("123456789"), 0xcbf43926); // the standard check value of CRC-32/ISO-HDLC
  assert.equal(crc32(""), 0);
  assert.equal(base62(0, 6), "000000");
  assert.equal(base62(61, 1), "z");
  assert.equal(base62(62, 2), "10");
  assert.equal(base62(0xffffffff, 6), "4gfFC3");
});

Deno.test("checksums: GitHub and npm tokens are checked, one changed character fails", () => {
  const random = new Random(7);
  for (const prefix of ["ghp_", "gho_", "ghs_", "npm_"]) {
    const token = checksummedToken(random, prefix);
    assert.ok(hasTokenChecksum(token), token);
    const flipped = token.slice(0, 10) + (token[10] === "a" ? "b" : "a") + token.slice(11);
    assert.equal(hasTokenChecksum(flipped), false);
  }
  assert.equal(hasTokenChecksum("ghp_" + "x".repeat(36)), false);
  assert.equal(hasTokenChecksum("ghp_short"), false);
});

Deno.test("checksums: a PyPI token must be a pypi.org macaroon with a signature", () => {
  const token = pypiToken(new Random(3));
  assert.ok(token.startsWith("pypi-AgEIcHlwaS5vcmc"));
  assert.ok(isPypiMacaroon(token));
  assert.equal(isPypiMacaroon(token.slice(0, -20)), false); // truncated: no signature at the end
  assert.equal(isPypiMacaroon("pypi-AgEIcHlwaS5vcmc" + "A".repeat(80)), false);
  assert.equal(isPypiMacaroon("pypi-" + "%%%%"), false);
});

Deno.test("checksums: a Discord bot token starts with a base64 user id", () => {
  assert.ok(isDiscordBotToken(discordBotToken(new Random(5))));
  assert.equal(
    isDiscordBotToken("MTIzNDU2Nzg5YWJjZGVmZ2hp.abcdef.ghijklmnopqrstuvwxyz0123456"),
    false,
  );
  assert.equal(isDiscordBotToken("no-dot-here"), false);
});
