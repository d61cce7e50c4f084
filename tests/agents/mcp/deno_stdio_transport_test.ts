/**
 * The `Deno.Command` STDIO transport: the SDK client talks to a real STDIO
 * server through it, the server sees only the environment it is given, and
 * inside a sandboxed Web Worker Deno's own `run` permission decides whether
 * the server may start at all (no `process.env` is read on the way, which a
 * sandboxed worker could not do).
 */
import assert from "node:assert/strict";
import { Client } from "../../../agents/mcp/client_deps.ts";
import { inheritedEnv } from "../../../agents/mcp/client_pool.ts";
import { DenoStdioClientTransport } from "../../../agents/mcp/deno_stdio_transport.ts";

const ECHO = new URL("../../support/mcp_echo_server.ts", import.meta.url).pathname;
const WORKER = new URL("../../support/mcp_sandbox_worker.ts", import.meta.url);

Deno.test("the SDK client calls a STDIO server through the transport; env is exactly what was given", async () => {
  const client = new Client({ name: "transport-test", version: "1" });
  const transport = new DenoStdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "-A", "--quiet", ECHO],
    env: { ...inheritedEnv(), GIVEN: "yes" },
  });
  let closed = false;
  await client.connect(transport);
  transport.onclose = ((previous) => () => {
    closed = true;
    previous?.();
  })(transport.onclose);
  try {
    const sum = await client.callTool({ name: "add", arguments: { a: 1, b: 2 } });
    assert.deepEqual(sum.content, [{ type: "text", text: "3" }]);
    const given = await client.callTool({ name: "env", arguments: { name: "GIVEN" } });
    assert.deepEqual(given.content, [{ type: "text", text: "yes" }]);
    Deno.env.set("SA_TRANSPORT_PROBE", "leaked");
    // The variable exists in this process but was not given: the server must not see it.
    const hidden = await client.callTool({
      name: "env",
      arguments: { name: "SA_TRANSPORT_PROBE" },
    });
    assert.deepEqual(hidden.content, [{ type: "text", text: "(unset)" }]);
  } finally {
    Deno.env.delete("SA_TRANSPORT_PROBE");
    await client.close();
  }
  assert.equal(closed, true, "close ends the server and reports it");
});

async function inWorker(run: string[]): Promise<Record<string, unknown>> {
  const worker = new Worker(WORKER, {
    type: "module",
    deno: {
      permissions: { read: true, write: false, net: false, env: false, run, ffi: false },
    },
  });
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message));
      };
      worker.postMessage({
        servers: { echo: { command: "deno", args: ["run", "-A", "--quiet", ECHO], env: {} } },
        baseEnv: inheritedEnv(),
        cwd: Deno.cwd(),
      });
    });
  } finally {
    worker.terminate();
  }
}

Deno.test("in a sandboxed worker the run permission is the boundary for STDIO servers", async () => {
  const allowed = await inWorker(["deno"]);
  assert.deepEqual(allowed, {
    ok: true,
    result: { content: "from the sandbox", isError: false },
  });
  const refused = await inWorker(["git"]);
  assert.equal(refused.ok, false);
  assert.equal(refused.denied, true, JSON.stringify(refused));
  assert.match(String(refused.message), /cannot connect to MCP server echo/);
});
