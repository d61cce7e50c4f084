/** Bearer checks: missing, malformed, wrong and right tokens. */
import assert from "node:assert/strict";
import { bearerChecker, constantTimeEqual } from "../../../core/km/auth.ts";

Deno.test("bearer checker distinguishes missing from invalid and accepts the token", async () => {
  const check = await bearerChecker("secret-token");
  assert.equal(await check(null), "missing");
  assert.equal(await check("Basic abc"), "missing");
  assert.equal(await check("Bearer secret-tokeX"), "invalid");
  assert.equal(await check("Bearer secret-token-longer"), "invalid");
  assert.equal(await check("Bearer secret-token"), undefined);
  assert.equal(await check("bearer  secret-token "), undefined);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
  assert.equal(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 2])), false);
});
