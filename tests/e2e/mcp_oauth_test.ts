/**
 * Remote MCP the standard way, end to end: a real KM started through the
 * CLI, and the official MCP SDK client with an OAuth client provider and no
 * header. The SDK discovers the authorization server from the 401,
 * registers itself, sends the browser to the consent page (scripted: the
 * page is loaded and its form posted with the project token, as a browser
 * would), exchanges the code with PKCE, calls tools, refreshes after its
 * access token is revoked, and is locked out when an old refresh token is
 * replayed. A token bound to another resource is refused; static tokens
 * carry scopes, and a denial lands in the audit log.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "../../plugins/mcp/client_deps.ts";
import { type KmSandbox, kmSandbox } from "../plugins/km/km_sandbox.ts";
import { answerConsent, MemoryOAuthProvider, UnauthorizedError } from "../support/oauth_client.ts";

interface Running {
  url: string;
  token: string;
}

async function withKm(fn: (box: KmSandbox, km: Running) => Promise<void>): Promise<void> {
  const box = await kmSandbox(100);
  try {
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const { port } = JSON.parse(started.stdout);
    const token = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();
    await fn(box, { url: `http://127.0.0.1:${port}`, token });
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
}

const REDIRECT = "http://127.0.0.1:1/callback";

/** Connects a fresh client through `provider`; the first attempt of a new client redirects. */
async function connect(serverUrl: string, provider: MemoryOAuthProvider): Promise<Client> {
  const client = new Client({ name: "oauth-e2e", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider }),
  );
  return client;
}

/** The full authorization: 401, discovery, registration, consent, code exchange. */
async function authorize(serverUrl: string, provider: MemoryOAuthProvider, kmToken: string) {
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), {
    authProvider: provider,
  });
  const client = new Client({ name: "oauth-e2e", version: "1" });
  await assert.rejects(client.connect(transport), UnauthorizedError);
  assert.ok(provider.authorizationUrl, "the SDK sent the browser to the consent page");
  // The SDK asks for every scope the metadata lists; the person unticks admin.
  const consent = await answerConsent(provider.authorizationUrl, {
    token: kmToken,
    untick: ["admin"],
  });
  assert.equal(consent.status, 302, consent.page);
  const code = consent.location!.searchParams.get("code");
  assert.ok(code, `redirected with a code: ${consent.location}`);
  await transport.finishAuth(code);
  return consent;
}

function textOf(result: unknown): string {
  return (result as { content: { text: string }[] }).content[0].text;
}

async function post(url: string, form: Record<string, string>): Promise<Response> {
  return await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}

Deno.test("oauth e2e: the SDK client discovers, registers, consents, calls, refreshes; replay locks it out", async () => {
  await withKm(async (box, km) => {
    const serverUrl = `${km.url}/mcp`;
    // The metadata names the KM as its authorization server (never an empty list).
    const prm = await (await fetch(`${km.url}/.well-known/oauth-protected-resource`)).json();
    assert.deepEqual(prm.authorization_servers, [km.url]);
    const provider = new MemoryOAuthProvider(REDIRECT, "Inspector-like client");
    const consent = await authorize(serverUrl, provider, km.token);
    assert.match(consent.page, /Inspector-like client/);
    assert.match(consent.page, /knowledge:write/);
    assert.match(consent.page, new RegExp(`<strong id="project">project</strong>`));
    assert.ok(provider.saved?.access_token.startsWith("sat_"));
    assert.equal(
      provider.saved?.scope,
      "knowledge:read knowledge:write tasks:create agents:run",
      "the grant is what stayed ticked",
    );
    assert.ok(provider.saved?.refresh_token?.startsWith("sar_"));

    const client = await connect(serverUrl, provider);
    const saved = await client.callTool({
      name: "knowledge_save",
      arguments: { title: "oauth note", content: "saved through an OAuth token" },
    });
    assert.notEqual(saved.isError, true, textOf(saved));
    await client.close();

    // The token is bound to /mcp: the JSON API (another resource) refuses it.
    const api = await fetch(`${km.url}/api/knowledge`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${provider.saved!.access_token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ title: "t", content: "c" }),
    });
    assert.equal(api.status, 401);
    await api.body?.cancel();

    // Revoking the access token: the next session's first request is a 401, the SDK refreshes.
    const first = provider.saved!;
    const clientId = provider.information!.client_id;
    const revoked = await post(`${km.url}/oauth/revoke`, {
      token: first.access_token,
      client_id: clientId,
    });
    assert.equal(revoked.status, 200);
    const refreshed = await connect(serverUrl, provider);
    assert.notEqual(provider.saved!.access_token, first.access_token, "a new access token");
    assert.notEqual(
      provider.saved!.refresh_token,
      first.refresh_token,
      "the refresh token rotated",
    );
    const query = await refreshed.callTool({ name: "knowledge_query", arguments: { q: "oauth" } });
    assert.match(textOf(query), /oauth note/);
    await refreshed.close();

    // Replaying the spent refresh token revokes the whole family.
    const replay = await post(`${km.url}/oauth/token`, {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token!,
      client_id: clientId,
    });
    assert.equal(replay.status, 400);
    assert.equal((await replay.json()).error, "invalid_grant");
    const locked = await fetch(serverUrl, {
      method: "POST",
      headers: {
        authorization: `Bearer ${provider.saved!.access_token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    assert.equal(locked.status, 401, "the current access token died with its family");
    await locked.body?.cancel();
    provider.authorizationUrl = undefined;
    await assert.rejects(connect(serverUrl, provider), UnauthorizedError);
    assert.ok(provider.authorizationUrl, "the only way back is a new consent");

    const audit = await box.run(["audit", "--json"]);
    const actions = JSON.parse(audit.stdout).entries.map((e: { action: string }) => e.action);
    assert.ok(actions.includes("oauth.consent"), actions.join(","));
    assert.ok(actions.includes("oauth.client.register"), actions.join(","));
    assert.ok(actions.includes("oauth.token"), actions.join(","));
  });
});

Deno.test("oauth e2e: a token bound to another resource is refused; consent needs the owner", async () => {
  await withKm(async (_box, km) => {
    const port = new URL(km.url).port;
    // A token obtained for http://localhost:<port>/mcp is not one for http://127.0.0.1:<port>/mcp.
    const other = new MemoryOAuthProvider(REDIRECT);
    await authorize(`http://localhost:${port}/mcp`, other, km.token);
    const elsewhere = await fetch(`${km.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${other.saved!.access_token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    assert.equal(elsewhere.status, 401);
    assert.match(elsewhere.headers.get("www-authenticate") ?? "", /resource_metadata=/);
    await elsewhere.body?.cancel();

    // Asking for another resource is refused at the authorization endpoint.
    const provider = new MemoryOAuthProvider(REDIRECT);
    const transport = new StreamableHTTPClientTransport(new URL(`${km.url}/mcp`), {
      authProvider: provider,
    });
    await assert.rejects(new Client({ name: "x", version: "1" }).connect(transport));
    const wrongTarget = new URL(provider.authorizationUrl!);
    wrongTarget.searchParams.set("resource", `${km.url}/other`);
    const refused = await fetch(wrongTarget, { redirect: "manual" });
    assert.equal(refused.status, 302);
    assert.equal(
      new URL(refused.headers.get("location")!).searchParams.get("error"),
      "invalid_target",
    );

    // No project token, a wrong one, or a forged CSRF value: no code.
    const noLogin = await answerConsent(provider.authorizationUrl!, {});
    assert.equal(noLogin.status, 403);
    assert.equal(noLogin.location, undefined);
    const wrong = await answerConsent(provider.authorizationUrl!, { token: "sa_wrong" });
    assert.equal(wrong.status, 403);
    const forged = await answerConsent(provider.authorizationUrl!, {
      token: km.token,
      csrf: "forged-csrf-value-of-the-same-length-xx",
    });
    assert.equal(forged.status, 403);
    const denied = await answerConsent(provider.authorizationUrl!, {
      token: km.token,
      decision: "deny",
    });
    assert.equal(denied.location?.searchParams.get("error"), "access_denied");
  });
});

Deno.test("oauth e2e: static tokens carry scopes; a viewer's write is denied and audited", async () => {
  await withKm(async (box, km) => {
    const created = await box.run([
      "mcp",
      "token",
      "create",
      "reader",
      "--role",
      "viewer",
      "--json",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const { token, scopes } = JSON.parse(created.stdout);
    assert.deepEqual(scopes, ["knowledge:read"]);
    const client = new Client({ name: "viewer", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${km.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const read = await client.callTool({ name: "knowledge_list", arguments: {} });
    assert.notEqual(read.isError, true, textOf(read));
    const write = await client.callTool({
      name: "knowledge_save",
      arguments: { title: "x", content: "y" },
    });
    assert.equal(write.isError, true);
    assert.match(
      textOf(write),
      /ACCESS_DENIED: token\/reader may not tool:knowledge_save: scope knowledge:write is missing/,
    );
    const run = await client.callTool({
      name: "agent_run",
      arguments: { agent: "reviewer", task: "t", waitMs: 0 },
    });
    assert.match(textOf(run), /scope agents:run:reviewer-agent is missing/);
    await client.close();

    // The JSON API: the same scopes through the same gate.
    const apiWrite = (bearer: string) =>
      fetch(`${km.url}/api/knowledge`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "api note", content: "through the API" }),
      });
    const refused = await apiWrite(token);
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get("www-authenticate")!, /scope="knowledge:write"/);
    assert.equal((await refused.json()).error.code, "INSUFFICIENT_SCOPE");
    const operator = await box.run([
      "mcp",
      "token",
      "create",
      "op",
      "--role",
      "operator",
      "--json",
    ]);
    const allowed = await apiWrite(JSON.parse(operator.stdout).token);
    assert.equal(allowed.status, 201);
    await allowed.body?.cancel();

    // The dashboard's data and event stream: through the same gate.
    const dashboard = await fetch(`${km.url}/dashboard/api/snapshot`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(dashboard.status, 200);
    await dashboard.body?.cancel();
    const stream = await fetch(`${km.url}/events/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(stream.status, 200);
    await stream.body?.cancel();
    const queuer = await box.run([
      "mcp",
      "token",
      "create",
      "queuer",
      "--scope",
      "tasks:create",
      "--json",
    ]);
    const narrow = await fetch(`${km.url}/dashboard/api/snapshot`, {
      headers: { authorization: `Bearer ${JSON.parse(queuer.stdout).token}` },
    });
    assert.equal(narrow.status, 403);
    assert.equal((await narrow.json()).error.missingScope, "knowledge:read");
    // Agent definitions and prompts need knowledge:read too.
    const queuerClient = new Client({ name: "queuer", version: "1" });
    await queuerClient.connect(
      new StreamableHTTPClientTransport(new URL(`${km.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${JSON.parse(queuer.stdout).token}` } },
      }),
    );
    await assert.rejects(
      queuerClient.getPrompt({ name: "reviewer-agent", arguments: {} }),
      /scope knowledge:read is missing/,
    );
    await assert.rejects(
      queuerClient.readResource({ uri: "agent://reviewer-agent" }),
      /scope knowledge:read is missing/,
    );
    await queuerClient.close();
    const spec = await fetch(`${km.url}/mcp/spec`, {
      headers: { authorization: `Bearer ${JSON.parse(queuer.stdout).token}` },
    });
    assert.equal(spec.status, 403);
    assert.match(spec.headers.get("www-authenticate")!, /scope="knowledge:read"/);
    await spec.body?.cancel();
    const viewerSpec = await fetch(`${km.url}/mcp/spec`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(viewerSpec.status, 200);
    await viewerSpec.body?.cancel();
    const stranger = await fetch(`${km.url}/dashboard/api/snapshot`, {
      headers: { authorization: "Bearer sa_not-a-token" },
    });
    assert.equal(stranger.status, 401);
    await stranger.body?.cancel();

    // An operator runs an agent: the run is audited with who and which scopes.
    const opClient = new Client({ name: "operator", version: "1" });
    await opClient.connect(
      new StreamableHTTPClientTransport(new URL(`${km.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${JSON.parse(operator.stdout).token}` } },
      }),
    );
    const queued = await opClient.callTool({
      name: "agent_run",
      arguments: { agent: "reviewer", task: "review", waitMs: 0 },
    });
    assert.notEqual(queued.isError, true, textOf(queued));
    await opClient.close();
    const report = await box.run(["audit", "report", "--since", "1h"]);
    // Asked for as "reviewer", run as reviewer-agent: one agent, one row, under the catalog's name.
    assert.match(
      report.stdout,
      /\| reviewer-agent \| \d+ \| \d+ \| \d+ \| token\/op \(knowledge:read knowledge:write tasks:create agents:run\) \|/,
    );
    assert.doesNotMatch(report.stdout, /\| reviewer \|/);
    assert.match(
      report.stdout,
      /access\.denied \| tool:knowledge_save \| action=tool:knowledge_save missing=knowledge:write/,
    );

    const audit = await box.run(["audit", "--action", "access.denied", "--json"]);
    const entries = JSON.parse(audit.stdout).entries;
    const denial = entries.find((e: { target: string }) => e.target === "tool:knowledge_save");
    assert.ok(denial, audit.stdout);
    assert.equal(denial.details.principal, "token/reader");
    assert.equal(denial.details.missing, "knowledge:write");
    assert.equal(denial.outcome, "denied");
    assert.ok(
      entries.some((e: { target: string }) => e.target === "route:POST /api/knowledge"),
      audit.stdout,
    );
  });
});

Deno.test("oauth e2e: an operator cannot run an agent reserved to admins, by any of its names", async () => {
  const box = await kmSandbox(100);
  try {
    const set = await box.run([
      "config",
      "set",
      "auth.agentGroups",
      '{"admins":["security-agent"]}',
    ]);
    assert.equal(set.code, 0, set.stderr);
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const url = `http://127.0.0.1:${JSON.parse(started.stdout).port}`;
    const kmToken = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();
    const created = await box.run(["mcp", "token", "create", "op", "--role", "operator", "--json"]);
    const connectWith = async (bearer: string) => {
      const client = new Client({ name: "rbac", version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${bearer}` } },
        }),
      );
      return client;
    };
    const operator = await connectWith(JSON.parse(created.stdout).token);
    for (const agent of ["security-agent", "security"]) {
      for (const name of ["agent_run", "task_create"]) {
        const result = await operator.callTool({
          name,
          arguments: {
            agent,
            task: "audit the login",
            ...(name === "agent_run" ? { waitMs: 0 } : {}),
          },
        });
        assert.equal(result.isError, true, `${name} ${agent}`);
        assert.match(textOf(result), /scope agents:run:security-agent is missing/);
      }
    }
    const reviewer = await operator.callTool({
      name: "agent_run",
      arguments: { agent: "reviewer", task: "review", waitMs: 0 },
    });
    assert.notEqual(reviewer.isError, true, textOf(reviewer));
    await operator.close();
    const admin = await connectWith(kmToken);
    const allowed = await admin.callTool({
      name: "task_create",
      arguments: { agent: "security", task: "audit the login" },
    });
    assert.notEqual(allowed.isError, true, textOf(allowed));
    await admin.close();
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});
