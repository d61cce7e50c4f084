/**
 * MCP listings go through the access gate: `tools/list`, `resources/list`,
 * `resources/templates/list` and `prompts/list` show a principal only what
 * its scopes let it use. Expectations are generated from the tool table
 * (`TOOL_SCOPES`) and the built-in roles: a viewer sees exactly the tools
 * that need only `knowledge:read`, an operator the task and agent tools too,
 * an admin everything; a principal with no scope sees nothing. A tool left
 * out of the listing still answers a call with the access error naming the
 * scope (not "unknown tool").
 */
import assert from "node:assert/strict";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { type AccessDenial, createAccessGate } from "../../../plugins/km_auth/access_gate.ts";
import { TOOL_SCOPES } from "../../../plugins/km_auth/access_tables.ts";
import { agentPolicy, BUILTIN_ROLES, type Principal } from "../../../plugins/km_auth/scopes.ts";
import { Client, InMemoryTransport } from "../../../plugins/mcp/client_deps.ts";
import { createProjectServer } from "../../../plugins/mcp/server.ts";
import { createServices } from "../../../plugins/mcp/services.ts";

interface Listing {
  tools: string[];
  resources: string[];
  templates: string[];
  prompts: string[];
  denied: AccessDenial[];
  saveAnswer: string;
}

/** Lists everything as `principal` sees it, and tries one write. */
async function listAs(principal: Principal): Promise<Listing> {
  installBuiltinPlugins();
  const root = await Deno.makeTempDir({ prefix: "mcp-listing-" });
  await Deno.mkdir(`${root}/.claude`, { recursive: true });
  const services = createServices(projectPaths(root), defaultConfig());
  const denied: AccessDenial[] = [];
  const gate = createAccessGate(agentPolicy({ agentGroups: {} }), (denial) => {
    denied.push(denial);
  });
  try {
    const server = await createProjectServer(services, {
      authorize: (action) => gate.check(principal, action),
      visible: (action) => gate.lists(principal, action),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "listing-test", version: "1" });
    await client.connect(clientSide);
    try {
      const listing = {
        tools: (await client.listTools()).tools.map((t) => t.name).sort(),
        resources: (await client.listResources()).resources.map((r) => r.uri),
        templates: (await client.listResourceTemplates()).resourceTemplates.map((t) =>
          t.uriTemplate
        ),
        prompts: (await client.listPrompts()).prompts.map((p) => p.name),
      };
      assert.deepEqual(denied, [], "a listing reports no denial");
      const save = await client.callTool({
        name: "knowledge_save",
        arguments: { title: "t", content: "c" },
      });
      const saveAnswer = (save.content as { text: string }[])[0].text;
      return { ...listing, denied, saveAnswer };
    } finally {
      await client.close();
      await server.close();
    }
  } finally {
    await services.close();
    await Deno.remove(root, { recursive: true });
  }
}

const ALL_TOOLS = Object.keys(TOOL_SCOPES).sort();
/** From the table: the tools whose every scope is knowledge:read. */
const READ_TOOLS = ALL_TOOLS.filter((name) =>
  TOOL_SCOPES[name].every((scope) => scope === "knowledge:read")
);
/** From the table: the tools that queue work or run an agent. */
const TASK_TOOLS = ALL_TOOLS.filter((name) =>
  TOOL_SCOPES[name].some((scope) => scope.startsWith("tasks:") || scope.startsWith("agents:"))
);

Deno.test("the table has read, write and task tools (the listing tests below mean something)", () => {
  assert.ok(READ_TOOLS.length >= 10, READ_TOOLS.join());
  assert.ok(TASK_TOOLS.length >= 3, TASK_TOOLS.join());
  assert.ok(ALL_TOOLS.length > READ_TOOLS.length + TASK_TOOLS.length);
});

Deno.test("a viewer lists only the read tools; a write it cannot see is refused naming the scope", async () => {
  const viewer = await listAs({ id: "token/viewer", scopes: BUILTIN_ROLES.viewer });
  assert.deepEqual(viewer.tools, READ_TOOLS);
  assert.ok(viewer.resources.includes("agent://reviewer-agent"), viewer.resources.join());
  assert.deepEqual(viewer.templates, ["agent://{name}"]);
  assert.ok(viewer.prompts.includes("reviewer-agent"));
  assert.match(
    viewer.saveAnswer,
    /ACCESS_DENIED: token\/viewer may not tool:knowledge_save: scope knowledge:write is missing/,
  );
  assert.equal(viewer.denied.length, 1);
});

Deno.test("an operator lists the task and agent tools too; an admin lists everything", async () => {
  const operator = await listAs({ id: "token/op", scopes: BUILTIN_ROLES.operator });
  for (const name of TASK_TOOLS) assert.ok(operator.tools.includes(name), name);
  assert.deepEqual(operator.tools, ALL_TOOLS);
  assert.doesNotMatch(operator.saveAnswer, /ACCESS_DENIED/);
  const admin = await listAs({ id: "token/admin", scopes: BUILTIN_ROLES.admin });
  assert.deepEqual(admin.tools, ALL_TOOLS);
  assert.ok(admin.prompts.length > 0 && admin.resources.length === admin.prompts.length);
});

Deno.test("custom scopes: each tool is listed exactly when its table scopes are held", async () => {
  // Write implies read; running one agent is enough to see the agent tools.
  const writer = await listAs({ id: "token/w", scopes: ["knowledge:write"] });
  assert.deepEqual(
    writer.tools,
    ALL_TOOLS.filter((name) => TOOL_SCOPES[name].every((s) => s.startsWith("knowledge:"))),
  );
  const runner = await listAs({ id: "token/r", scopes: ["agents:run:reviewer-agent"] });
  assert.deepEqual(
    runner.tools,
    ALL_TOOLS.filter((name) => TOOL_SCOPES[name].every((s) => s === "agents:run:{agent}")),
  );
  assert.deepEqual(runner.resources, [], "running an agent does not grant reading");
  const none = await listAs({ id: "token/none", scopes: [] });
  assert.deepEqual(
    [none.tools, none.resources, none.templates, none.prompts],
    [[], [], [], []],
  );
});
