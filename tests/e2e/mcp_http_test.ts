/**
 * MCP over Streamable HTTP on a KM (the KM's app with the MCP handler mounted
 * as the KM mounts it), driven by the SDK's StreamableHTTPClientTransport:
 * the acceptance scenario, `/mcp/spec`, and the refusals (no token, wrong
 * token, foreign Origin) that must leave the store unchanged.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { createUserToken } from "../../plugins/mcp/token_store.ts";
import { callTool, connectHttp } from "../support/mcp_client.ts";
import { startTestKm, type TestKm } from "../support/mcp_km.ts";
import { exerciseProjectServer } from "../support/mcp_scenario.ts";

async function withKm(fn: (km: TestKm, userToken: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "mcp-http-" });
  const userStore = join(root, "home-tokens.json");
  const userToken = await createUserToken(userStore, "laptop", new Date());
  const km = await startTestKm(root, userStore);
  try {
    await fn(km, userToken);
  } finally {
    await km.stop();
    await Deno.remove(root, { recursive: true });
  }
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

function rawCall(base: string, headers: Record<string, string>, body: unknown) {
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

Deno.test("mcp over HTTP: the acceptance scenario with the project token", async () => {
  await withKm(async (km) => {
    const client = await connectHttp(km.base, km.token);
    try {
      await exerciseProjectServer(client, "http1");
      // Saved through MCP, visible through the KM's own JSON API.
      const api = await fetch(`${km.base}/api/search?q=http1`);
      assert.equal((await api.json()).hits.length, 1);
    } finally {
      await client.close();
    }
  });
});

Deno.test("mcp over HTTP: agent_run streams progress while it waits, then returns the task id", async () => {
  await withKm(async (km) => {
    const client = await connectHttp(km.base, km.token);
    try {
      const progress: string[] = [];
      const result = await client.callTool(
        { name: "agent_run", arguments: { agent: "reviewer", task: "review", waitMs: 400 } },
        undefined,
        { onprogress: (p) => void progress.push(p.message ?? "") },
      );
      const outcome = JSON.parse((result.content as { text: string }[])[0].text);
      assert.equal(outcome.done, false);
      assert.match(outcome.taskId, /^job_/);
      assert.ok(progress.length >= 2, `progress notifications: ${progress.length}`);
      assert.match(progress[0], /^reviewer-agent: queued/);
    } finally {
      await client.close();
    }
  });
});

Deno.test("mcp over HTTP: agent_run returns the result when a worker finishes in time", async () => {
  await withKm(async (km) => {
    const queue = await openQueue(km.paths, defaultConfig());
    const client = await connectHttp(km.base, km.token);
    try {
      const running = client.callTool({
        name: "agent_run",
        arguments: { agent: "reviewer-agent", task: "review HEAD", waitMs: 20_000 },
      });
      let job = await queue.claim("test-worker", 10_000);
      while (!job) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // let the server enqueue
        job = await queue.claim("test-worker", 10_000);
      }
      assert.deepEqual(job.input, { task: "review HEAD" });
      await queue.complete(job.id, "test-worker", { output: "LGTM" });
      const result = await running;
      const outcome = JSON.parse((result.content as { text: string }[])[0].text);
      assert.equal(outcome.done, true);
      assert.equal(outcome.task.state, "succeeded");
      assert.deepEqual(outcome.task.result, { output: "LGTM" });
    } finally {
      await client.close();
      await queue.close();
    }
  });
});

Deno.test("mcp over HTTP: a per-user token works too", async () => {
  await withKm(async (km, userToken) => {
    const client = await connectHttp(km.base, userToken);
    try {
      const saved = await callTool(client, "knowledge_save", { title: "user", content: "token" });
      assert.equal(saved.isError, false, saved.text);
    } finally {
      await client.close();
    }
  });
});

Deno.test("mcp over HTTP: no token or a wrong token is 401 and changes nothing", async () => {
  await withKm(async (km) => {
    const before = km.store.counts();
    const save = {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "knowledge_save", arguments: { title: "x", content: "y" } },
    };
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token" }];
    for (const headers of attempts) {
      for (const body of [initialize, save]) {
        const response = await rawCall(km.base, headers, body);
        assert.equal(response.status, 401);
        assert.equal(
          response.headers.get("www-authenticate")?.startsWith(
            `Bearer resource_metadata="${km.base}/.well-known/oauth-protected-resource"`,
          ),
          true,
        );
        await response.body?.cancel();
      }
    }
    await assert.rejects(() => connectHttp(km.base, "wrong-token"));
    assert.deepEqual(km.store.counts(), before);
    assert.equal(km.mcp.sessionCount, 0);
    const metadata = await (await fetch(`${km.base}/.well-known/oauth-protected-resource`)).json();
    assert.equal(metadata.resource, `${km.base}/mcp`);
  });
});

Deno.test("mcp over HTTP: a foreign Origin is refused", async () => {
  await withKm(async (km) => {
    const response = await rawCall(km.base, {
      authorization: `Bearer ${km.token}`,
      origin: "https://attacker.example",
    }, initialize);
    assert.equal(response.status, 403);
    assert.match((await response.json()).message, /attacker\.example/);
    assert.equal(km.mcp.sessionCount, 0);
  });
});

Deno.test("GET /mcp/spec lists every agent with version, description, model and tools", async () => {
  await withKm(async (km) => {
    const response = await fetch(`${km.base}/mcp/spec`, {
      headers: { authorization: `Bearer ${km.token}` },
    });
    assert.equal(response.status, 200);
    const spec = await response.json();
    assert.ok(spec.agents.length >= 5);
    for (const agent of spec.agents) {
      assert.equal(typeof agent.version, "string");
      assert.equal(typeof agent.description, "string");
      assert.equal(typeof agent.model, "string");
      assert.ok(Array.isArray(agent.tools));
    }
    // The KM's own API still answers next to the MCP routes.
    assert.equal((await (await fetch(`${km.base}/health`)).json()).status, "ok");
  });
});
