/**
 * SSO token checks without a network: tokens signed by a local key set
 * verify only with the right issuer, audience, unexpired `exp` and an
 * asymmetric signature; roles map to scopes (built-in and custom roles, the
 * default role for a token naming none); an unreachable issuer fails closed.
 */
import assert from "node:assert/strict";
import { schema as AuthConfigSchema } from "../../../plugins/km_auth/config.ts";
import { claimScopes, createJwtVerifier } from "../../../plugins/km_auth/jwt_verifier.ts";

const ISSUER = "http://127.0.0.1:1/issuer";
const RESOURCE = "http://127.0.0.1:5001/mcp";

function b64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

async function keyPair() {
  return await crypto.subtle.generateKey(
    { name: "ECDSA", namedCurve: "P-256" },
    true,
    ["sign", "verify"],
  ) as CryptoKeyPair;
}

async function sign(key: CryptoKey, payload: Record<string, unknown>, alg = "ES256") {
  const head = b64url(JSON.stringify({ alg, kid: "k1", typ: "at+jwt" }));
  const body = b64url(JSON.stringify(payload));
  const signature = new Uint8Array(
    await crypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      key,
      new TextEncoder().encode(`${head}.${body}`),
    ),
  );
  return `${head}.${body}.${b64url(signature)}`;
}

Deno.test("issuer, audience, expiry and signature are all required", async () => {
  const pair = await keyPair();
  const now = 1_800_000_000_000;
  const auth = AuthConfigSchema.parse({ issuer: ISSUER });
  const verifier = createJwtVerifier(auth, {
    keys: () => Promise.resolve(pair.publicKey),
    now: () => now,
  });
  const good = {
    iss: ISSUER,
    aud: RESOURCE,
    sub: "alice",
    exp: now / 1000 + 60,
    roles: ["operator"],
  };
  assert.deepEqual(await verifier.verify(await sign(pair.privateKey, good), RESOURCE), {
    clientId: "sso/alice",
    scopes: ["knowledge:read", "knowledge:write", "tasks:create", "agents:run"],
  });
  for (
    const [name, payload] of [
      ["expired", { ...good, exp: now / 1000 - 1 }],
      ["no exp", { ...good, exp: undefined }],
      ["other audience", { ...good, aud: "http://127.0.0.1:5002/mcp" }],
      ["other issuer", { ...good, iss: "http://127.0.0.1:2/issuer" }],
      ["no subject", { ...good, sub: undefined }],
    ] as const
  ) {
    assert.equal(
      await verifier.verify(await sign(pair.privateKey, payload), RESOURCE),
      undefined,
      name,
    );
  }
  const other = await keyPair();
  assert.equal(
    await verifier.verify(await sign(other.privateKey, good), RESOURCE),
    undefined,
    "foreign key",
  );
  const [h, p] = (await sign(pair.privateKey, good)).split(".");
  const none = `${b64url(JSON.stringify({ alg: "none" }))}.${p}.`;
  assert.equal(await verifier.verify(none, RESOURCE), undefined, "alg none");
  assert.equal(await verifier.verify(`${h}.${p}`, RESOURCE), undefined, "two parts");
  assert.equal(await verifier.verify("not-a-jwt", RESOURCE), undefined);
});

Deno.test("roles map to scopes; custom roles; the default role; KM scopes in `scope`", () => {
  const auth = AuthConfigSchema.parse({
    issuer: ISSUER,
    roles: { auditor: ["knowledge:read", "agents:run:security-agent"] },
    defaultRole: "viewer",
  });
  assert.deepEqual(claimScopes({ roles: ["auditor"] }, auth), [
    "knowledge:read",
    "agents:run:security-agent",
  ]);
  assert.deepEqual(claimScopes({ roles: "admin" }, auth), ["admin"]);
  assert.deepEqual(claimScopes({ roles: ["nobody-knows", 7] }, auth), ["knowledge:read"]);
  assert.deepEqual(claimScopes({}, auth), ["knowledge:read"]);
  assert.deepEqual(claimScopes({ scope: "openid tasks:create" }, auth), ["tasks:create"]);
  assert.deepEqual(claimScopes({ roles: ["__proto__", "constructor"] }, auth), ["knowledge:read"]);
});

Deno.test("an unreachable issuer fails closed and is reported", async () => {
  const errors: string[] = [];
  const verifier = createJwtVerifier(AuthConfigSchema.parse({ issuer: "http://127.0.0.1:1" }), {
    onError: (error) => void errors.push(error.message),
  });
  const pair = await keyPair();
  const token = await sign(pair.privateKey, {
    iss: "http://127.0.0.1:1",
    aud: RESOURCE,
    sub: "a",
    exp: 9e9,
  });
  assert.equal(await verifier.verify(token, RESOURCE), undefined);
  assert.equal(errors.length, 1);
});

Deno.test("a remembered token stops working at its exp, and per audience", async () => {
  const pair = await keyPair();
  let now = 1_800_000_000_000;
  const verifier = createJwtVerifier(AuthConfigSchema.parse({ issuer: ISSUER }), {
    keys: () => Promise.resolve(pair.publicKey),
    now: () => now,
  });
  const token = await sign(pair.privateKey, {
    iss: ISSUER,
    aud: RESOURCE,
    sub: "bob",
    exp: now / 1000 + 10,
  });
  assert.ok(await verifier.verify(token, RESOURCE));
  assert.ok(await verifier.verify(token, RESOURCE), "remembered");
  assert.equal(await verifier.verify(token, "http://127.0.0.1:5002/mcp"), undefined);
  now += 10_000;
  assert.equal(await verifier.verify(token, RESOURCE), undefined, "expired while remembered");
});
