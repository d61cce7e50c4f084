/**
 * SSO end to end: a real OpenID Connect provider (`oidc-provider`) runs on
 * loopback in a subprocess, the KM is started through the CLI with
 * `auth.issuer` naming it, and MCP clients (the official SDK) call with the
 * provider's JWT access tokens. The protected-resource metadata names the
 * issuer; the `roles` claim maps to scopes (an operator writes, a viewer
 * may not); an expired token, a token for another audience, a token from a
 * foreign issuer and an unsigned token are refused with 401.
 */
import assert from "node:assert/strict";
import { Client, StreamableHTTPClientTransport } from "../../plugins/mcp/client_deps.ts";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import { type OidcProvider, startOidcProvider } from "../support/oidc_provider.ts";

async function jwtFrom(oidc: OidcProvider, clientId: string, resource: string): Promise<string> {
  const response = await fetch(`${oidc.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: `${clientId}-secret`,
      resource,
      scope: "mcp",
    }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

function claims(jwt: string): { exp: number; aud: string; iss: string } {
  return JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
}

async function mcpStatus(url: string, jwt: string): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${jwt}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    }),
  });
  await response.body?.cancel();
  return response.status;
}

function textOf(result: unknown): string {
  return (result as { content: { text: string }[] }).content[0].text;
}

Deno.test("sso e2e: the KM accepts its issuer's JWTs by role and refuses expired, foreign-audience, foreign-issuer and unsigned ones", async () => {
  const oidc = await startOidcProvider();
  const foreign = await startOidcProvider();
  const box = await kmSandbox(100);
  try {
    const set = await box.run(["config", "set", "auth.issuer", oidc.issuer]);
    assert.equal(set.code, 0, set.stderr);
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const url = `http://127.0.0.1:${JSON.parse(started.stdout).port}`;
    const mcp = `${url}/mcp`;

    const prm = await (await fetch(`${url}/.well-known/oauth-protected-resource`)).json();
    assert.deepEqual(prm.authorization_servers, [oidc.issuer]);

    const operator = await jwtFrom(oidc, "km-operator", mcp);
    const client = new Client({ name: "sso", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcp), {
        requestInit: { headers: { authorization: `Bearer ${operator}` } },
      }),
    );
    const saved = await client.callTool({
      name: "knowledge_save",
      arguments: { title: "sso note", content: "saved with an SSO token" },
    });
    assert.notEqual(saved.isError, true, textOf(saved));
    await client.close();

    const viewer = await jwtFrom(oidc, "km-viewer", mcp);
    const reader = new Client({ name: "sso-viewer", version: "1" });
    await reader.connect(
      new StreamableHTTPClientTransport(new URL(mcp), {
        requestInit: { headers: { authorization: `Bearer ${viewer}` } },
      }),
    );
    const found = await reader.callTool({ name: "knowledge_query", arguments: { q: "sso" } });
    assert.match(textOf(found), /sso note/);
    const denied = await reader.callTool({
      name: "knowledge_save",
      arguments: { title: "x", content: "y" },
    });
    assert.match(textOf(denied), /sso\/km-viewer may not tool:knowledge_save/);
    await reader.close();

    const otherAudience = await jwtFrom(oidc, "km-operator", "http://127.0.0.1:1/mcp");
    assert.equal(claims(otherAudience).aud, "http://127.0.0.1:1/mcp");
    assert.equal(await mcpStatus(mcp, otherAudience), 401);

    const fromForeign = await jwtFrom(foreign, "km-operator", mcp);
    assert.equal(claims(fromForeign).aud, mcp);
    assert.equal(await mcpStatus(mcp, fromForeign), 401);

    const [header, payload] = operator.split(".");
    const unsignedHeader = btoa(JSON.stringify({ alg: "none", typ: "at+jwt" })).replace(/=+$/, "");
    assert.equal(await mcpStatus(mcp, `${unsignedHeader}.${payload}.`), 401);
    assert.equal(await mcpStatus(mcp, `${header}.${payload}.${"A".repeat(342)}`), 401);

    const short = await jwtFrom(oidc, "km-short", mcp);
    // Wait for the token's own expiry (a 1 s lifetime), then present it.
    while (Date.now() <= claims(short).exp * 1000) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await mcpStatus(mcp, short), 401);
    assert.equal(await mcpStatus(mcp, operator), 200, "the live token still works");

    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
    await oidc.stop();
    await foreign.stop();
  }
});
