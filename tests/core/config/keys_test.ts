import assert from "node:assert/strict";
import { coerce, envNameOf, expandDotted, requireKey } from "../../../core/config/keys.ts";

Deno.test("coerce parses by the schema's type", () => {
  assert.equal(coerce("6001", "km.portMin", "X"), 6001);
  assert.equal(coerce("false", "models.fallback", "X"), false);
  assert.deepEqual(coerce("sonnet, haiku", "models.chain", "X"), ["sonnet", "haiku"]);
  assert.deepEqual(coerce('["opus"]', "models.chain", "X"), ["opus"]);
  assert.equal(coerce("debug", "log.level", "X"), "debug");
  assert.throws(
    () => coerce("abc", "km.portMin", "SUPER_AGENTS_PORT_MIN"),
    /"abc" is not a number/,
  );
  assert.throws(() => coerce("maybe", "models.fallback", "X"), /not true or false/);
});

Deno.test("an unknown key suggests the closest one", () => {
  assert.throws(() => requireKey("km.prtMin"), /unknown config key "km.prtMin"/);
  try {
    requireKey("portMax");
  } catch (error) {
    assert.equal((error as { hint?: string }).hint, 'did you mean "km.portMax"?');
  }
});

Deno.test("env names and dotted keys", () => {
  assert.equal(envNameOf("km.portMin"), "SUPER_AGENTS_KM_PORT_MIN");
  assert.deepEqual(expandDotted({ "a.b": 1, "a.c": 2 }), { a: { b: 1, c: 2 } });
});
