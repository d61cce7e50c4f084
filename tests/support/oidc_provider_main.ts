/**
 * Test support, run as a subprocess: a real OpenID Connect provider
 * (`oidc-provider`, pinned) on a loopback port chosen by the OS, issuing
 * JWT access tokens by the client-credentials grant with RFC 8707 resource
 * indicators (`aud` = the requested resource). Clients: `km-operator` and
 * `km-viewer` (their `roles` claim), `km-short` (tokens live 1 s, for the
 * expired-token case). Prints `{"issuer": ...}` on stdout once listening and
 * serves until killed.
 * @module
 */

import { oidcProvider } from "./oidc_deps.ts";

const Provider = oidcProvider;
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = (listener.addr as Deno.NetAddr).port;
listener.close();
const issuer = `http://127.0.0.1:${port}`;

const ROLES: Record<string, string[]> = {
  "km-operator": ["operator"],
  "km-viewer": ["viewer"],
  "km-short": ["operator"],
};

const client = (id: string) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  grant_types: ["client_credentials"],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_method: "client_secret_post",
});

// Each provider signs with its own key (the package's quick-start keys are the same everywhere).
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
// Without key_ops ("sign" on the private key), so the published public key is usable to verify.
const { key_ops: _ops, ext: _ext, ...exported } = await crypto.subtle.exportKey(
  "jwk",
  pair.privateKey,
);
const jwk = { ...exported, kid: `k-${port}`, use: "sig" };

// With a redirect URI argument: the KM's dashboard as a public client signing people in
// through the provider's development login form (any login name; "viewer-..." names get
// the viewer role, "nobody-..." names none, others operator).
const dashboardRedirect = Deno.args[0];
const dashboardClient = dashboardRedirect
  ? [{
    client_id: "km-dashboard",
    application_type: "native",
    grant_types: ["authorization_code"],
    response_types: ["code"],
    redirect_uris: [dashboardRedirect],
    token_endpoint_auth_method: "none",
  }]
  : [];

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  clients: [...Object.keys(ROLES).map(client), ...dashboardClient],
  claims: { openid: ["sub", "roles"] },
  conformIdTokenClaims: false,
  findAccount: (_ctx: unknown, id: string) => ({
    accountId: id,
    claims: () => ({
      sub: id,
      roles: id.startsWith("viewer-") ? ["viewer"] : id.startsWith("nobody-") ? [] : ["operator"],
    }),
  }),
  features: {
    devInteractions: { enabled: dashboardRedirect !== undefined },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx: unknown, resource: string, c: { clientId: string }) => ({
        scope: "mcp",
        audience: resource,
        accessTokenFormat: "jwt",
        accessTokenTTL: c.clientId === "km-short" ? 1 : 300,
        jwt: { sign: { alg: "RS256" } },
      }),
    },
  },
  extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => ({
    roles: ROLES[token.clientId ?? ""] ?? [],
  }),
});

const { createServer } = await import("node:http");
const server = createServer(provider.callback());
server.listen(port, "127.0.0.1", () => {
  console.log(JSON.stringify({ issuer }));
});
