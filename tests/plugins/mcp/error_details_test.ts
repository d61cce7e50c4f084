/**
 * MCP error details over the real Streamable HTTP endpoint with the SDK
 * client: an unknown `agent://` resource is invalid params (-32602), not an
 * internal error; integer parameters refuse strings, booleans and null with
 * a message naming what was received; a missing record's hint speaks of MCP
 * tools; no tool's input schema has a free-form object
 * (`additionalProperties: {}`), and the contract's JSON text is checked.
 */
import assert from "node:assert/strict";
import { callTool, connectHttp } from "../../support/mcp_client.ts";
import { startTestKm, type TestKm } from "../../support/mcp_km.ts";

async function withKm(fn: (km: TestKm) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "mcp-errors-" });
  const km = await startTestKm(root);
  try {
    await fn(km);
  } finally {
    await km.stop();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("agent://<unknown> is -32602 invalid params", async () => {
  await withKm(async (km) => {
    const client = await connectHttp(km.base, km.token);
    try {
      await assert.rejects(
        client.readResource({ uri: "agent://no-such-agent" }),
        (error: { code?: number; message: string }) => {
          assert.equal(error.code, -32602, error.message);
          assert.match(error.message, /no agent named no-such-agent/);
          return true;
        },
      );
    } finally {
      await client.close();
    }
  });
});

Deno.test("integer parameters refuse strings, booleans and null with a clear message", async () => {
  await withKm(async (km) => {
    const client = await connectHttp(km.base, km.token);
    try {
      for (
        const [args, received] of [
          [{ id: "1" }, "string"],
          [{ id: true }, "boolean"],
          [{ id: null }, "null"],
          [{ id: [1] }, "array"],
          [{ id: 1.5 }, "number"],
        ] as const
      ) {
        const result = await callTool(client, "knowledge_get", args);
        assert.equal(result.isError, true, JSON.stringify(args));
        assert.match(result.text, new RegExp(`expected an integer, received ${received}`));
        assert.equal(/Too small/.test(result.text), false, result.text);
      }
      const limit = await callTool(client, "knowledge_list", { limit: "5" });
      assert.match(limit.text, /expected an integer, received string/);
      assert.equal((await callTool(client, "knowledge_list", { limit: 5 })).isError, false);
      const missing = await callTool(client, "knowledge_get", { id: 424242 });
      assert.match(missing.text, /KM_NOT_FOUND/);
      assert.match(missing.text, /knowledge_list tool \(MCP\)/);
      assert.equal(/corresponding GET endpoint/.test(missing.text), false);
    } finally {
      await client.close();
    }
  });
});

Deno.test("no tool schema is free-form; the contract arrives as checked JSON text", async () => {
  await withKm(async (km) => {
    const client = await connectHttp(km.base, km.token);
    try {
      const { tools } = await client.listTools();
      const freeForm: string[] = [];
      const walk = (schema: unknown, path: string) => {
        if (schema === null || typeof schema !== "object") return;
        const node = schema as Record<string, unknown>;
        const extra = node.additionalProperties;
        if (
          extra !== undefined && extra !== false &&
          (extra === true || Object.keys(extra as object).length === 0)
        ) {
          freeForm.push(path);
        }
        for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
      };
      for (const tool of tools) walk(tool.inputSchema, tool.name);
      assert.deepEqual(freeForm, []);
      const contract = tools.find((tool) => tool.name === "contract_register")!;
      assert.equal(
        (contract.inputSchema.properties as Record<string, { type: string }>).spec.type,
        "string",
      );
      for (const spec of ["not json", "[1,2]", "null", "1"]) {
        const refused = await callTool(client, "contract_register", {
          component: "c",
          version: "1",
          spec,
        });
        assert.equal(refused.isError, true, spec);
      }
      const deep = "[".repeat(200) + "]".repeat(200);
      const tooDeep = await callTool(client, "contract_register", {
        component: "c",
        version: "1",
        spec: `{"a":${deep}}`,
      });
      assert.match(tooDeep.text, /deeper/);
      const ok = await callTool(client, "contract_register", {
        component: "c",
        version: "1",
        spec: '{"openapi":"3.1.0"}',
      });
      assert.equal(ok.isError, false, ok.text);
      assert.deepEqual((await callTool(client, "contract_get", { component: "c" })).json.spec, {
        openapi: "3.1.0",
      });
      const badInput = await callTool(client, "task_create", {
        agent: "reviewer",
        task: "t",
        input: "{oops",
      });
      assert.match(badInput.text, /not JSON/);
    } finally {
      await client.close();
    }
  });
});
