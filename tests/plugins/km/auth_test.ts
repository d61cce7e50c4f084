/** Bearer checks: missing, malformed, wrong and right tokens; job tokens and their scopes. */
import assert from "node:assert/strict";
import { bearerChecker, constantTimeEqual, kmAuthorizer } from "../../../plugins/km/auth.ts";
import { type JobScope, mintJobToken } from "../../../core/km_client/job_token.ts";

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

Deno.test("kmAuthorizer: open routes, the KM token, and job tokens only within their scopes", async () => {
  const now = 1_800_000_000_000;
  const authorize = await kmAuthorizer("km-secret", () => now);
  const job = (scopes: JobScope[], expiresAt = now + 60_000) =>
    `Bearer ${mintJobToken("km-secret", { agent: "reviewer-agent", scopes, expiresAt })}`;
  const read = { open: true, jobScope: "knowledge_read" as const };
  const write = { open: false, jobScope: "knowledge_write" as const };
  const admin = { open: false };

  assert.equal(await authorize(null, read), undefined, "an open route needs nothing");
  assert.equal((await authorize(null, admin))?.status, 401);
  assert.equal(
    (await authorize(null, { open: false }))?.challenge,
    'Bearer realm="super-agents-km"',
  );
  for (const rule of [read, write, admin]) {
    assert.equal(await authorize("Bearer km-secret", rule), undefined, "the KM token opens all");
  }
  const both = job(["knowledge_read", "knowledge_write"]);
  assert.equal(await authorize(both, read), undefined);
  assert.equal(await authorize(both, write), undefined);
  const outside = await authorize(both, admin);
  assert.equal(outside?.status, 403);
  assert.equal(outside?.code, "INSUFFICIENT_SCOPE");
  assert.match(outside!.challenge, /insufficient_scope/);
  assert.equal((await authorize(job(["knowledge_read"]), write))?.status, 403);

  // A presented credential is checked even where none is needed.
  for (const header of ["Bearer wrong", job(["knowledge_read"], now), `${both}x`]) {
    const refusal = await authorize(header, read);
    assert.equal(refusal?.status, 401, header);
    assert.match(refusal!.challenge, /invalid_token/);
  }
  assert.match((await authorize(job(["knowledge_read"], now - 1), read))!.message, /expired/);
});
