/**
 * The authorization server's endpoints against hostile input: registration
 * refuses redirect URIs an attacker could read codes from; the
 * authorization endpoint never redirects to an unregistered URI, insists on
 * PKCE S256 and known scopes, and escapes what clients chose to call
 * themselves; the consent form needs the page's CSRF cookie and is single
 * use; the token endpoint accepts only its two grants from known clients.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  AS_METADATA_PATH,
  createAuthorizationServer,
} from "../../../plugins/km_auth/authorization_server.ts";
import { OAuthStore } from "../../../plugins/km_auth/oauth_store.ts";
import { s256 } from "../../../plugins/km_auth/oauth_secrets.ts";

const BASE = "http://127.0.0.1:5001";
const REDIRECT = "http://127.0.0.1:9/cb";
const OWNER_TOKEN = "owner-token";
const VERIFIER = "x".repeat(43);

type Handler = (request: Request) => Promise<Response>;

async function withServer(fn: (handle: Handler, store: OAuthStore) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "oauth-as-" });
  const store = await OAuthStore.open(join(dir, "oauth.db"));
  const handle = createAuthorizationServer({
    store,
    owner: {
      allows: () => Promise.resolve(false),
      tokenMatches: (token) => Promise.resolve(token === OWNER_TOKEN),
    },
    project: "demo",
    lifetimes: { accessSeconds: 60, refreshSeconds: 600, codeSeconds: 60 },
    port: 5001,
  });
  try {
    await fn(handle, store);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function register(handle: Handler, body: unknown): Promise<Response> {
  return handle(
    new Request(`${BASE}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

function authorizeUrl(clientId: string, overrides: Record<string, string | null> = {}): string {
  const url = new URL(`${BASE}/oauth/authorize`);
  const params: Record<string, string | null> = {
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: s256(VERIFIER),
    code_challenge_method: "S256",
    state: "st",
    resource: `${BASE}/mcp`,
    ...overrides,
  };
  for (const [key, value] of Object.entries(params)) {
    if (value !== null) url.searchParams.set(key, value);
  }
  return url.href;
}

function form(url: string, fields: Record<string, string>, cookie = ""): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(fields),
  });
}

Deno.test("metadata: S256 only, public clients, every endpoint on this origin", async () => {
  await withServer(async (handle) => {
    const metadata = await (await handle(new Request(`${BASE}${AS_METADATA_PATH}`))).json();
    assert.equal(metadata.issuer, BASE);
    assert.deepEqual(metadata.code_challenge_methods_supported, ["S256"]);
    assert.deepEqual(metadata.grant_types_supported, ["authorization_code", "refresh_token"]);
    for (const key of ["authorization_endpoint", "token_endpoint", "registration_endpoint"]) {
      assert.ok(metadata[key].startsWith(`${BASE}/oauth/`), key);
    }
  });
});

Deno.test("registration refuses redirect URIs an attacker could read codes from", async () => {
  await withServer(async (handle) => {
    for (
      const uri of [
        "javascript:alert(1)",
        "myapp://callback",
        "http://evil.example/cb",
        "http://127.0.0.1.evil.example/cb",
        "http://localhost.evil.example/cb",
        "https://app.example/cb#fragment",
        "https://user:pw@app.example/cb",
        "data:text/html,hi",
        "/relative/cb",
      ]
    ) {
      const response = await register(handle, { redirect_uris: [uri] });
      assert.equal(response.status, 400, uri);
      assert.equal((await response.json()).error, "invalid_redirect_uri", uri);
    }
    for (
      const body of [
        "not json",
        {},
        { redirect_uris: [] },
        { redirect_uris: Array(11).fill(REDIRECT) },
        { redirect_uris: [REDIRECT], client_name: "n".repeat(201) },
        { redirect_uris: [REDIRECT], grant_types: ["client_credentials"] },
      ]
    ) {
      assert.equal((await register(handle, body)).status, 400, JSON.stringify(body));
    }
    for (
      const uri of [
        "http://[::1]:3000/cb",
        "http://localhost:6274/oauth/callback",
        "https://a.example/cb",
      ]
    ) {
      const response = await register(handle, {
        redirect_uris: [uri],
        token_endpoint_auth_method: "client_secret_basic",
      });
      assert.equal(response.status, 201, uri);
      const client = await response.json();
      assert.equal(client.token_endpoint_auth_method, "none");
      assert.equal(client.client_secret, undefined);
    }
  });
});

Deno.test("authorize never redirects to an unregistered URI and insists on PKCE S256", async () => {
  await withServer(async (handle, store) => {
    const { clientId } = store.registerClient("<script>alert(1)</script>", [REDIRECT]);
    const unknown = await handle(new Request(authorizeUrl("sac_unknown")));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get("location"), null);
    const foreign = await handle(
      new Request(authorizeUrl(clientId, { redirect_uri: "http://127.0.0.1:9/other" })),
    );
    assert.equal(foreign.status, 400);
    assert.equal(foreign.headers.get("location"), null);
    for (
      const [overrides, error] of [
        [{ code_challenge_method: "plain" }, "invalid_request"],
        [{ code_challenge_method: null }, "invalid_request"],
        [{ code_challenge: null }, "invalid_request"],
        [{ code_challenge: "short" }, "invalid_request"],
        [{ response_type: "token" }, "unsupported_response_type"],
        [{ scope: "knowledge:read root" }, "invalid_scope"],
        [{ resource: "https://evil.example/mcp" }, "invalid_target"],
      ] as const
    ) {
      const response = await handle(new Request(authorizeUrl(clientId, overrides)));
      assert.equal(response.status, 302, JSON.stringify(overrides));
      const location = new URL(response.headers.get("location")!);
      assert.equal(location.origin + location.pathname, REDIRECT);
      assert.equal(location.searchParams.get("error"), error, JSON.stringify(overrides));
      assert.equal(location.searchParams.get("state"), "st");
      assert.equal(location.searchParams.get("code"), null);
    }
    const page = await (await handle(new Request(authorizeUrl(clientId)))).text();
    assert.equal(page.includes("<script>"), false, "the client's name is escaped");
    assert.match(page, /&#60;script&#62;/);
  });
});

Deno.test("consent needs the page's CSRF cookie and the owner, and is single use", async () => {
  await withServer(async (handle, store) => {
    const { clientId } = store.registerClient("client", [REDIRECT]);
    const page = await handle(new Request(authorizeUrl(clientId, { scope: "knowledge:read" })));
    const html = await page.text();
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0];
    assert.match(page.headers.get("set-cookie")!, /HttpOnly; SameSite=Strict/);
    assert.equal(page.headers.get("x-frame-options"), "DENY");
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1];
    const fields = {
      request_id: field("request_id"),
      csrf: field("csrf"),
      token: OWNER_TOKEN,
      decision: "allow",
      scope: "knowledge:read",
    };
    const url = `${BASE}/oauth/authorize`;
    assert.equal((await handle(form(url, fields))).status, 403, "no cookie");
    assert.equal(
      (await handle(form(url, fields, `${cookie.split("=")[0]}=${"a".repeat(32)}`))).status,
      403,
      "cookie from elsewhere",
    );
    assert.equal(
      (await handle(form(url, { ...fields, csrf: "b".repeat(32) }, cookie))).status,
      403,
      "field forged",
    );
    assert.equal((await handle(form(url, { ...fields, token: "guess" }, cookie))).status, 403);
    assert.equal(
      (await handle(form(url, { ...fields, request_id: crypto.randomUUID() }, cookie))).status,
      400,
    );
    const ok = await handle(form(url, fields, cookie));
    assert.equal(ok.status, 302);
    const code = new URL(ok.headers.get("location")!).searchParams.get("code")!;
    assert.ok(code.startsWith("saz_"));
    assert.equal((await handle(form(url, fields, cookie))).status, 400, "a consent is single use");

    const token = (fieldsOfToken: Record<string, string>) =>
      handle(form(`${BASE}/oauth/token`, fieldsOfToken));
    const exchange = {
      grant_type: "authorization_code",
      code,
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      resource: `${BASE}/mcp`,
    };
    const issued = await token(exchange);
    assert.equal(issued.status, 200);
    assert.equal(issued.headers.get("cache-control"), "no-store");
    const body = await issued.json();
    assert.equal(body.scope, "knowledge:read");
    assert.equal(body.token_type, "Bearer");
  });
});

Deno.test("the token endpoint: form bodies, known clients, two grants", async () => {
  await withServer(async (handle, store) => {
    const { clientId } = store.registerClient("client", [REDIRECT]);
    const asJson = await handle(
      new Request(`${BASE}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant_type: "refresh_token", client_id: clientId }),
      }),
    );
    assert.equal((await asJson.json()).error, "invalid_request");
    const unknown = await handle(
      form(`${BASE}/oauth/token`, { grant_type: "refresh_token", client_id: "sac_x" }),
    );
    assert.equal(unknown.status, 401);
    for (const grant of ["password", "client_credentials", "implicit", ""]) {
      const response = await handle(
        form(`${BASE}/oauth/token`, { grant_type: grant, client_id: clientId }),
      );
      assert.equal((await response.json()).error, "unsupported_grant_type", grant);
    }
    const twoResources = new URLSearchParams({ grant_type: "refresh_token", client_id: clientId });
    twoResources.append("resource", `${BASE}/mcp`);
    twoResources.append("resource", "http://other/mcp");
    const response = await handle(
      new Request(`${BASE}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: twoResources,
      }),
    );
    assert.equal((await response.json()).error, "invalid_target");
  });
});

Deno.test("the person can narrow the grant; never widen it; granting nothing is a refusal", async () => {
  await withServer(async (handle, store) => {
    const { clientId } = store.registerClient("client", [REDIRECT]);
    const consent = async (ticked: string[]) => {
      const page = await handle(
        new Request(authorizeUrl(clientId, { scope: "knowledge:read knowledge:write" })),
      );
      const html = await page.text();
      const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0];
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1];
      const body = new URLSearchParams({
        request_id: field("request_id"),
        csrf: field("csrf"),
        token: OWNER_TOKEN,
        decision: "allow",
      });
      for (const scope of ticked) body.append("scope", scope);
      const answer = await handle(
        new Request(`${BASE}/oauth/authorize`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body,
        }),
      );
      return new URL(answer.headers.get("location")!);
    };
    const exchange = async (code: string) =>
      await (await handle(form(`${BASE}/oauth/token`, {
        grant_type: "authorization_code",
        code,
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      }))).json();
    const narrowed = await consent(["knowledge:read", "admin"]);
    assert.equal((await exchange(narrowed.searchParams.get("code")!)).scope, "knowledge:read");
    const none = await consent([]);
    assert.equal(none.searchParams.get("error"), "access_denied");
    assert.equal(none.searchParams.get("code"), null);
  });
});
