/**
 * Scope tests generated from the real tables: every tool the project's MCP
 * server announces and every route of the KM's JSON API has a scope (a new
 * one without a scope fails here), and no scope entry names a tool or route
 * that no longer exists. For each tool, a principal holding exactly the
 * named scopes is allowed and one holding none is denied with a reported
 * denial. RBAC for agents: an operator cannot run, or queue work for, an
 * agent reserved to admins.
 */
import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { apiRoutes } from "../../../plugins/km/routes.ts";
import { type AccessDenial, createAccessGate } from "../../../plugins/km_auth/access_gate.ts";
import {
  requiredScopes,
  ROUTE_SCOPES,
  TOOL_SCOPES,
} from "../../../plugins/km_auth/access_tables.ts";
import { agentPolicy, BUILTIN_ROLES } from "../../../plugins/km_auth/scopes.ts";
import { projectTools } from "../../../plugins/mcp/server.ts";
import { createServices } from "../../../plugins/mcp/services.ts";

async function toolNames(): Promise<string[]> {
  const root = await Deno.makeTempDir({ prefix: "scopes-" });
  const services = createServices(projectPaths(root), defaultConfig());
  try {
    return (await projectTools(services)).map((tool) => tool.name);
  } finally {
    await services.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("every MCP tool has a scope, and every scope entry names a tool", async () => {
  const names = await toolNames();
  assert.ok(names.length >= 20, `tools: ${names.join(", ")}`);
  const missing = names.filter((name) => !Object.hasOwn(TOOL_SCOPES, name));
  assert.deepEqual(
    missing,
    [],
    "add these tools to TOOL_SCOPES in plugins/km_auth/access_tables.ts",
  );
  const stale = Object.keys(TOOL_SCOPES).filter((name) => !names.includes(name));
  assert.deepEqual(stale, [], "these TOOL_SCOPES entries name no tool");
});

Deno.test("every JSON API route has a scope, and every route entry names a route", () => {
  const keys = apiRoutes.map((route) => `${route.method} ${route.path}`);
  const missing = keys.filter((key) => !Object.hasOwn(ROUTE_SCOPES, key));
  assert.deepEqual(
    missing,
    [],
    "add these routes to ROUTE_SCOPES in plugins/km_auth/access_tables.ts",
  );
  const operational = ["GET /status", "GET /metrics", "GET /mcp/spec"];
  const stale = Object.keys(ROUTE_SCOPES).filter((key) =>
    !keys.includes(key) && !operational.includes(key)
  );
  assert.deepEqual(stale, []);
});

Deno.test("for each tool: its own scopes allow it, no scopes deny it with a reported denial", async () => {
  const denials: AccessDenial[] = [];
  const gate = createAccessGate(agentPolicy({ agentGroups: {} }), (d) => void denials.push(d));
  for (const name of await toolNames()) {
    const action = { kind: "tool" as const, name, args: { agent: "reviewer-agent" } };
    const scopes = requiredScopes(action);
    assert.ok(!scopes.includes("admin"), `${name} needs only admin`);
    assert.equal(await gate.check({ id: "exact", scopes }, action), undefined, name);
    const denial = await gate.check({ id: "nobody", scopes: [] }, action);
    assert.deepEqual(denial, {
      principal: "nobody",
      action: `tool:${name}`,
      missing: scopes[0],
    });
    assert.deepEqual(denials.at(-1), denial, "the denial was reported");
  }
});

Deno.test("an operator cannot run or queue an agent reserved to admins; admins and the group can", async () => {
  const policy = agentPolicy({ agentGroups: { admins: ["security-agent"] } });
  const denials: AccessDenial[] = [];
  const gate = createAccessGate(policy, (d) => void denials.push(d));
  const operator = { id: "token/op", scopes: BUILTIN_ROLES.operator };
  const run = (agent: string) => ({ kind: "tool" as const, name: "agent_run", args: { agent } });
  const queue = (agent: string) => ({
    kind: "tool" as const,
    name: "task_create",
    args: { agent, task: "t" },
  });
  assert.equal(await gate.check(operator, run("reviewer-agent")), undefined);
  assert.equal(await gate.check(operator, queue("reviewer-agent")), undefined);
  assert.deepEqual(await gate.check(operator, run("security-agent")), {
    principal: "token/op",
    action: "tool:agent_run",
    missing: "agents:run:security-agent",
  });
  assert.equal(
    (await gate.check(operator, queue("security-agent")))?.missing,
    "agents:run:security-agent",
  );
  assert.equal(denials.length, 2);
  assert.equal(await gate.check({ id: "a", scopes: ["admin"] }, run("security-agent")), undefined);
  assert.equal(
    await gate.check({ id: "g", scopes: ["agents:run:admins"] }, run("security-agent")),
    undefined,
  );
  assert.equal(
    await gate.check({ id: "one", scopes: ["agents:run:security-agent"] }, run("security-agent")),
    undefined,
  );
  // A grant for one agent is not a grant for another.
  assert.ok(
    await gate.check({ id: "one", scopes: ["agents:run:reviewer-agent"] }, run("security-agent")),
  );
  const viewer = { id: "v", scopes: BUILTIN_ROLES.viewer };
  assert.ok(await gate.check(viewer, run("reviewer-agent")));
});

Deno.test("unknown actions need admin; odd agent names cannot smuggle a wildcard", async () => {
  const gate = createAccessGate(agentPolicy({ agentGroups: { admins: ["x"] } }));
  const operator = { id: "op", scopes: BUILTIN_ROLES.operator };
  assert.equal((await gate.check(operator, { kind: "tool", name: "new_tool" }))?.missing, "admin");
  assert.equal(
    (await gate.check(operator, { kind: "route", method: "POST", path: "/api/new" }))?.missing,
    "admin",
  );
  assert.equal(
    (await gate.check(operator, { kind: "tool", name: "agent_run", args: {} }))?.missing,
    "admin",
  );
  assert.equal(
    (await gate.check(operator, { kind: "tool", name: "__proto__" }))?.missing,
    "admin",
  );
  assert.equal(
    await gate.check(operator, { kind: "resource", uri: "agent://reviewer" }),
    undefined,
  );
  assert.equal(
    (await gate.check({ id: "v", scopes: [] }, { kind: "dashboard" }))?.missing,
    "knowledge:read",
  );
});

Deno.test("a reserved agent cannot be reached by its short name; a grant names either form", async () => {
  const gate = createAccessGate(agentPolicy({ agentGroups: { admins: ["security-agent"] } }));
  const operator = { id: "op", scopes: BUILTIN_ROLES.operator };
  const run = (agent: string) => ({ kind: "tool" as const, name: "agent_run", args: { agent } });
  assert.equal((await gate.check(operator, run("security")))?.missing, "agents:run:security");
  assert.equal(
    (await gate.check(operator, run("security-agent")))?.missing,
    "agents:run:security-agent",
  );
  const short = { id: "s", scopes: ["agents:run:security"] };
  assert.equal(await gate.check(short, run("security-agent")), undefined);
  const long = { id: "l", scopes: ["agents:run:security-agent"] };
  assert.equal(await gate.check(long, run("security")), undefined);
  const reservedShort = createAccessGate(agentPolicy({ agentGroups: { admins: ["security"] } }));
  assert.ok(await reservedShort.check(operator, run("security-agent")));
});
