/** The masked form shows at most a short prefix of long values. */
import assert from "node:assert/strict";
import { maskSecret } from "../../../core/secrets/mask.ts";

Deno.test("maskSecret: prefix of long values, nothing of short ones", () => {
  assert.equal(maskSecret("sk-ant-api03-abcdefghijklmnop"), "sk-a**** (29 chars)");
  assert.equal(maskSecret("hunter2"), "******** (7 chars)");
  assert.ok(!maskSecret("0123456789abcdefXYZ").includes("XYZ"));
});
