/**
 * `deno task bench auth`: what checking a bearer token costs per request on
 * the KM's MCP endpoint, by kind of token — the KM's own static token (the
 * reference: one SHA-256 and a constant-time compare), a per-user static
 * token (the store file, cached), an access token of the KM's own OAuth
 * server (a digest lookup in `oauth.db`) and an SSO JWT (RS256 signature,
 * `iss`/`aud`/`exp`, with `jose`; keys held as the JWKS cache holds them),
 * on first sight and once remembered until its `exp` —
 * each followed by the access gate's scope check, measured in the same run,
 * interleaved call by call. Goal: ≤ 0.2 ms p50 for every kind.
 *
 * Usage: deno run -A scripts/bench/auth.ts [--calls 5000]
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { schema as AuthConfigSchema } from "../../plugins/km_auth/config.ts";
import { createAccessGate } from "../../plugins/km_auth/access_gate.ts";
import { createJwtVerifier } from "../../plugins/km_auth/jwt_verifier.ts";
import { OAuthStore } from "../../plugins/km_auth/oauth_store.ts";
import { s256 } from "../../plugins/km_auth/oauth_secrets.ts";
import { createOAuthVerifier } from "../../plugins/km_auth/oauth_verifier.ts";
import { agentPolicy } from "../../plugins/km_auth/scopes.ts";
import { createTokenVerifier, type TokenVerifier } from "../../plugins/mcp/http_auth.ts";
import { createUserToken } from "../../plugins/mcp/token_store.ts";

const { values } = parseArgs({ args: Deno.args, options: { calls: { type: "string" } } });
const calls = Number(values.calls ?? 5000);
const RESOURCE = "http://127.0.0.1:5001/mcp";
const ISSUER = "http://127.0.0.1:1/issuer";

const dir = await Deno.makeTempDir({ prefix: "bench-auth-" });
const projectToken = `sa_${crypto.randomUUID()}`;
const storePath = join(dir, "tokens.json");
const userToken = await createUserToken(storePath, "bench", new Date(), ["knowledge:read"]);
const store = await OAuthStore.open(join(dir, "oauth.db"));
const { clientId } = store.registerClient("bench", ["http://127.0.0.1:9/cb"]);
const code = store.createCode(
  { clientId, principal: `oauth/${clientId}`, scopes: ["knowledge:read"], resource: RESOURCE },
  "http://127.0.0.1:9/cb",
  s256("v".repeat(43)),
  60,
);
const issued = store.redeemCode(code, {
  clientId,
  redirectUri: "http://127.0.0.1:9/cb",
  verifier: "v".repeat(43),
}, { accessSeconds: 3600, refreshSeconds: 3600, codeSeconds: 60 });
// Other grants in the table, so the lookup is not into a one-row table.
for (let i = 0; i < 2000; i++) {
  const filler = store.createCode(
    { clientId, principal: `oauth/${clientId}`, scopes: ["knowledge:read"], resource: RESOURCE },
    "http://127.0.0.1:9/cb",
    s256("v".repeat(43)),
    60,
  );
  store.redeemCode(filler, {
    clientId,
    redirectUri: "http://127.0.0.1:9/cb",
    verifier: "v".repeat(43),
  }, { accessSeconds: 3600, refreshSeconds: 3600, codeSeconds: 60 });
}

const pair = await crypto.subtle.generateKey(
  {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
  true,
  ["sign", "verify"],
);
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const text = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));
async function signJwt(jti: number): Promise<string> {
  const signingInput = `${text({ alg: "RS256", typ: "at+jwt" })}.${
    text({
      iss: ISSUER,
      aud: RESOURCE,
      sub: "bench",
      jti: String(jti),
      exp: Math.floor(Date.now() / 1000) + 3600,
      roles: ["viewer"],
    })
  }`;
  const signature = new Uint8Array(
    await crypto.subtle.sign(
      "RSASSA-PKCS1-v1_5",
      pair.privateKey,
      new TextEncoder().encode(signingInput),
    ),
  );
  return `${signingInput}.${b64url(signature)}`;
}
const jwt = await signJwt(0);
const fresh: string[] = [];
for (let i = 1; i <= Math.min(calls, 1000); i++) fresh.push(await signJwt(i));

const staticVerifier = createTokenVerifier({ projectToken });
const kinds: { label: string; token: string; verifier: TokenVerifier; samples: number[] }[] = [
  {
    label: "static project token (reference)",
    token: projectToken,
    verifier: staticVerifier,
    samples: [],
  },
  {
    label: "per-user static token",
    token: userToken,
    verifier: createTokenVerifier({ projectToken, userStorePath: storePath }),
    samples: [],
  },
  {
    label: "built-in OAuth access token",
    token: issued.accessToken,
    verifier: createTokenVerifier({ projectToken, others: [createOAuthVerifier(store)] }),
    samples: [],
  },
  { label: "SSO JWT, seen before (cached)", token: jwt, verifier: jwtVerifier(), samples: [] },
];
const firstSight = {
  label: "SSO JWT, first sight (RS256)",
  verifier: jwtVerifier(),
  samples: [] as number[],
};

function jwtVerifier(): TokenVerifier {
  return createTokenVerifier({
    projectToken,
    others: [
      createJwtVerifier(AuthConfigSchema.parse({ issuer: ISSUER }), {
        keys: () => Promise.resolve(pair.publicKey),
      }),
    ],
  });
}
const gate = createAccessGate(agentPolicy({ agentGroups: {} }));
const action = { kind: "tool" as const, name: "knowledge_query", args: { q: "x" } };

for (let round = -200; round < calls; round++) {
  for (const kind of kinds) {
    const started = performance.now();
    const identity = await kind.verifier.verify(kind.token, RESOURCE);
    if (!identity) throw new Error(`${kind.label}: the token did not verify`);
    const denial = await gate.check({ id: identity.clientId, scopes: identity.scopes }, action);
    if (denial) throw new Error(`${kind.label}: denied ${denial.missing}`);
    const elapsed = performance.now() - started;
    if (round >= 0) kind.samples.push(elapsed); // the first 200 rounds warm up the JIT and caches
  }
  if (round >= 0 && round < fresh.length) {
    const started = performance.now();
    const identity = await firstSight.verifier.verify(fresh[round], RESOURCE);
    if (!identity) throw new Error("a fresh JWT did not verify");
    await gate.check({ id: identity.clientId, scopes: identity.scopes }, action);
    firstSight.samples.push(performance.now() - started);
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const reference = percentile(kinds[0].samples, 50);
console.log(
  `token check + scope check per request (${calls} each, interleaved; ` +
    `${fresh.length} distinct JWTs for first sight):`,
);
for (const kind of [...kinds, firstSight]) {
  const p50 = percentile(kind.samples, 50);
  console.log(
    `  ${kind.label.padEnd(34)} p50 ${p50.toFixed(4).padStart(8)} ms  p99 ${
      percentile(kind.samples, 99).toFixed(4).padStart(8)
    } ms  (+${(p50 - reference).toFixed(4)} ms over the reference)  goal <= 0.2 ms p50: ${
      p50 <= 0.2 ? "met" : "MISSED"
    }`,
  );
}
store.close();
await Deno.remove(dir, { recursive: true });
