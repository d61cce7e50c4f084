/**
 * The MCP HTTP router on a loopback Deno.serve: auth, metadata, Origin/Host
 * checks and sessions, driven with the SDK's StreamableHTTPClientTransport
 * and with raw fetches for what the SDK client never sends.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { z } from "../../../core/deps.ts";
import { McpServer } from "../../../plugins/mcp/deps.ts";
import { Client, StreamableHTTPClientTransport } from "../../../plugins/mcp/client_deps.ts";
import { mintJobToken } from "../../../core/km_client/job_token.ts";
import { createTokenVerifier } from "../../../plugins/mcp/http_auth.ts";
import { createMcpRouter } from "../../../plugins/mcp/http_router.ts";
import { createUserToken } from "../../../plugins/mcp/token_store.ts";

const PROJECT_TOKEN = "project-token-for-tests-0123456789abcdefghijklmn";

async function startRouter() {
  const dir = await Deno.makeTempDir({ prefix: "mcp-router-" });
  const store = join(dir, "tokens.json");
  const userToken = await createUserToken(store, "laptop", new Date());
  let calls = 0;
  const handler = createMcpRouter({
    verifier: createTokenVerifier({ projectToken: PROJECT_TOKEN, userStorePath: store }),
    createServer: () => {
      const server = new McpServer({ name: "router-test", version: "1.0.0" });
      server.registerTool("count", { inputSchema: { by: z.number().int() } }, ({ by }) => {
        calls += by;
        return { content: [{ type: "text", text: String(calls) }] };
      });
      return Promise.resolve(server);
    },
    spec: () => Promise.resolve({ agents: [{ name: "a" }] }),
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    base,
    userToken,
    calls: () => calls,
    handler,
    async close() {
      await handler.close();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function connect(base: string, token: string): Promise<Client> {
  const client = new Client({ name: "test", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
};

function post(base: string, headers: Record<string, string>, body: unknown = initialize) {
  return fetch(`${base}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

Deno.test("project and user tokens open sessions; tools run", async () => {
  const router = await startRouter();
  try {
    for (const token of [PROJECT_TOKEN, router.userToken]) {
      const client = await connect(router.base, token);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ["count"]);
      const result = await client.callTool({ name: "count", arguments: { by: 2 } });
      assert.equal(result.isError, undefined);
      await client.close();
    }
    assert.equal(router.calls(), 4);
  } finally {
    await router.close();
  }
});

Deno.test("no token and a wrong token get 401 with the metadata URL, and change nothing", async () => {
  const router = await startRouter();
  try {
    const missing = await post(router.base, {});
    assert.equal(missing.status, 401);
    assert.equal(
      missing.headers.get("www-authenticate"),
      `Bearer resource_metadata="${router.base}/.well-known/oauth-protected-resource"`,
    );
    await missing.body?.cancel();
    const wrong = await post(router.base, { authorization: "Bearer not-the-token" });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
    await wrong.body?.cancel();
    await assert.rejects(() => connect(router.base, "wrong"), /invalid_token/);
    // An agent's job token, though signed with the project token, is no MCP credential.
    const jobToken = mintJobToken(PROJECT_TOKEN, {
      agent: "reviewer-agent",
      scopes: ["knowledge_read", "knowledge_write"],
      expiresAt: Date.now() + 60_000,
    });
    const job = await post(router.base, { authorization: `Bearer ${jobToken}` });
    assert.equal(job.status, 401);
    await job.body?.cancel();
    assert.equal(router.handler.sessionCount, 0);
    assert.equal(router.calls(), 0);
  } finally {
    await router.close();
  }
});

Deno.test("the protected-resource metadata is public and RFC 9728 shaped", async () => {
  const router = await startRouter();
  try {
    const response = await fetch(`${router.base}/.well-known/oauth-protected-resource`);
    assert.equal(response.status, 200);
    const metadata = await response.json();
    assert.equal(metadata.resource, `${router.base}/mcp`);
    // The MCP authorization spec requires at least one; without SSO it is the KM itself.
    assert.deepEqual(metadata.authorization_servers, [router.base]);
    assert.ok(metadata.scopes_supported.includes("knowledge:read"));
    assert.deepEqual(metadata.bearer_methods_supported, ["header"]);
  } finally {
    await router.close();
  }
});

Deno.test("a foreign Origin and a rebound Host are refused before auth", async () => {
  const router = await startRouter();
  try {
    const auth = { authorization: `Bearer ${PROJECT_TOKEN}` };
    const foreign = await post(router.base, { ...auth, origin: "https://evil.example" });
    assert.equal(foreign.status, 403);
    await foreign.body?.cancel();
    // fetch() cannot forge Host, so the rebound request goes to the handler directly.
    const rebound = await router.handler(
      new Request(`${router.base}/mcp`, {
        method: "POST",
        headers: { ...auth, host: "evil.example" },
        body: JSON.stringify(initialize),
      }),
    );
    assert.equal(rebound.status, 421);
    const refusal = await rebound.json();
    assert.match(refusal.message, /Host header "evil.example"/);
    assert.match(refusal.hint, /--allow-remote/);
    const sameOrigin = await post(router.base, { ...auth, origin: router.base });
    assert.equal(sameOrigin.status, 200);
    await sameOrigin.body?.cancel();
    // Unknown headers such as the Messages API connector's beta header pass.
    const connector = await post(router.base, {
      ...auth,
      "anthropic-beta": "mcp-client-2025-04-04",
    });
    assert.equal(connector.status, 200);
    await connector.body?.cancel();
    assert.equal(router.handler.sessionCount, 2);
  } finally {
    await router.close();
  }
});

Deno.test("a session cannot be used with another credential", async () => {
  const router = await startRouter();
  try {
    const opened = await post(router.base, { authorization: `Bearer ${PROJECT_TOKEN}` });
    const sessionId = opened.headers.get("mcp-session-id");
    await opened.body?.cancel();
    assert.ok(sessionId);
    const call = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };
    const stolen = await post(router.base, {
      authorization: `Bearer ${router.userToken}`,
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-06-18",
    }, call);
    assert.equal(stolen.status, 404);
    await stolen.body?.cancel();
  } finally {
    await router.close();
  }
});

Deno.test("/mcp/spec needs a token and answers the spec", async () => {
  const router = await startRouter();
  try {
    const anonymous = await fetch(`${router.base}/mcp/spec`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const spec = await fetch(`${router.base}/mcp/spec`, {
      headers: { authorization: `Bearer ${PROJECT_TOKEN}` },
    });
    assert.deepEqual(await spec.json(), { agents: [{ name: "a" }] });
  } finally {
    await router.close();
  }
});
