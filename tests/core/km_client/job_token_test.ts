/** Job tokens: minted and verified with the KM's token; expired, tampered and foreign ones fail. */
import assert from "node:assert/strict";
import { mintJobToken, verifyJobToken } from "../../../core/km_client/job_token.ts";

const KEY = "km-token-0123456789abcdefghijklmnopqrstuvwxyz";
const now = 1_800_000_000_000;
const claims = {
  agent: "reviewer-agent",
  scopes: ["knowledge_read", "knowledge_write"] as const,
  expiresAt: now + 600_000,
};

Deno.test("a minted token verifies with its claims and never contains the KM token", () => {
  const token = mintJobToken(KEY, { ...claims, scopes: [...claims.scopes] });
  assert.match(token, /^sajob\.reviewer-agent\.knowledge_read\+knowledge_write\.\d+\.[\w-]+$/);
  assert.ok(!token.includes(KEY));
  assert.deepEqual(verifyJobToken(KEY, token, now), {
    claims: { agent: "reviewer-agent", scopes: [...claims.scopes], expiresAt: now + 600_000 },
  });
  const readOnly = mintJobToken(KEY, { ...claims, scopes: ["knowledge_read"] });
  const checked = verifyJobToken(KEY, readOnly, now);
  assert.ok("claims" in checked);
  assert.deepEqual(checked.claims.scopes, ["knowledge_read"]);
});

Deno.test("expired, tampered, foreign and malformed tokens are refused", () => {
  const token = mintJobToken(KEY, { ...claims, scopes: [...claims.scopes] });
  assert.deepEqual(verifyJobToken(KEY, token, now + 600_000), { fault: "expired" });
  const [prefix, agent, scopes, expiry, mac] = token.split(".");
  const tampered = [
    [prefix, "admin-agent", scopes, expiry, mac],
    [prefix, agent, "knowledge_read", expiry, mac],
    [prefix, agent, scopes, String(Number(expiry) + 1), mac],
    [prefix, agent, scopes, expiry, mac.slice(0, -1) + (mac.endsWith("A") ? "B" : "A")],
    [prefix, agent, scopes, expiry, mac + "!"],
  ].map((parts) => parts.join("."));
  for (const bad of tampered) {
    assert.deepEqual(verifyJobToken(KEY, bad, now), { fault: "bad-signature" }, bad);
  }
  assert.deepEqual(verifyJobToken("another-km-token", token, now), { fault: "bad-signature" });
  for (
    const bad of [
      "",
      KEY,
      "sajob.a.b",
      `${prefix}.${agent}.admin.${expiry}.${mac}`,
      `${prefix}.${agent}.${scopes}.soon.${mac}`,
      `${prefix}.bad agent.${scopes}.${expiry}.${mac}`,
    ]
  ) {
    assert.deepEqual(verifyJobToken(KEY, bad, now), { fault: "malformed" }, bad);
  }
});

Deno.test("an agent name that would break the format is refused at minting", () => {
  assert.throws(() => mintJobToken(KEY, { ...claims, scopes: [], agent: "a.b" }), TypeError);
});
