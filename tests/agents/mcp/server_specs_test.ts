/** `.mcp.json` servers and per-agent selection. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  expandVariables,
  readProjectMcpServers,
  resolveAgentMcpServers,
} from "../../../agents/mcp/server_specs.ts";

const env = (values: Record<string, string>) => (name: string) => values[name];

Deno.test("an agent gets exactly the servers it names, validated and expanded", async () => {
  const root = await Deno.makeTempDir();
  await Deno.writeTextFile(
    join(root, ".mcp.json"),
    JSON.stringify({
      mcpServers: {
        super: { command: "super-agents", args: ["mcp"] },
        db: { command: "db-mcp", env: { URL: "${DB_URL}" } },
        legacy: { type: "sse", url: "https://x.example/sse" },
      },
      otherKey: true,
    }),
  );
  const project = await readProjectMcpServers(root);
  assert.deepEqual(Object.keys(project), ["super", "db", "legacy"]);
  const chosen = resolveAgentMcpServers(["db"], project, env({ DB_URL: "pg://x" }));
  assert.deepEqual(chosen, {
    db: { command: "db-mcp", args: [], env: { URL: "pg://x" } },
  });
  assert.throws(() => resolveAgentMcpServers(["legacy"], project, env({})), /server "legacy"/);
  assert.throws(() => resolveAgentMcpServers(["db"], project, env({})), /\$\{DB_URL\} is not set/);
  assert.throws(
    () => resolveAgentMcpServers(["nope"], project, env({}), "x-agent"),
    /x-agent names MCP server "nope".*/,
  );
  const inline = resolveAgentMcpServers(
    [{ web: { type: "http", url: "https://mcp.example/mcp" } }],
    {},
    env({}),
  );
  assert.equal(inline.web.type, "http");
  assert.throws(
    () => resolveAgentMcpServers([{ "bad name": { command: "x" } }], {}, env({})),
    /server name "bad name" is invalid/,
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("a missing .mcp.json is no servers; a broken one is explained", async () => {
  const root = await Deno.makeTempDir();
  assert.deepEqual(await readProjectMcpServers(root), {});
  await Deno.writeTextFile(join(root, ".mcp.json"), "{");
  await assert.rejects(() => readProjectMcpServers(root), /\.mcp\.json is not JSON/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("variables expand with defaults, everywhere in the spec", () => {
  assert.deepEqual(
    expandVariables({ a: ["${X}", "${Y:-dflt}"], b: 3 }, env({ X: "1" })),
    { a: ["1", "dflt"], b: 3 },
  );
});
