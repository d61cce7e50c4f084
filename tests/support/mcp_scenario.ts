/**
 * Test support: the acceptance scenario every transport must pass — list
 * tools, save then query knowledge, create a task and read its status, list
 * agents, and get a useful tool error (not a crash) for malformed arguments.
 * @module
 */

import assert from "node:assert/strict";
import type { Client } from "../../plugins/mcp/client_deps.ts";
import { callTool } from "./mcp_client.ts";

/** Runs the scenario; `tag` keeps items of separate runs apart. */
export async function exerciseProjectServer(client: Client, tag: string): Promise<void> {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (
    const wanted of [
      "knowledge_save",
      "knowledge_query",
      "file_register",
      "file_get",
      "contract_register",
      "contract_get",
      "task_create",
      "task_status",
      "task_list",
      "agent_list",
      "agent_run",
      "spec",
    ]
  ) {
    assert.ok(names.includes(wanted), `tool ${wanted} missing from ${names.join(", ")}`);
  }
  const save = tools.find((t) => t.name === "knowledge_save")!;
  assert.deepEqual(save.inputSchema.required?.slice().sort(), ["content", "title"]);

  const saved = await callTool(client, "knowledge_save", {
    title: `Session cookies ${tag}`,
    content: `We keep sessions in signed cookies (${tag}).`,
    type: "decision",
    tags: ["auth"],
  });
  assert.equal(saved.isError, false, saved.text);
  const found = await callTool(client, "knowledge_query", { q: tag });
  assert.equal(found.isError, false, found.text);
  assert.equal(found.json.hits[0].item.id, saved.json.item.id);

  const file = `src/${tag}/auth.ts`;
  const registered = await callTool(client, "file_register", {
    path: file,
    component: "auth",
    ownerAgent: "developer-agent",
  });
  assert.equal(registered.isError, false, registered.text);
  assert.equal((await callTool(client, "file_get", { path: file })).json.component, "auth");
  assert.match((await callTool(client, "file_get", { path: "nope.ts" })).text, /not registered/);
  for (const version of ["1.0.0", "1.1.0"]) {
    const put = await callTool(client, "contract_register", {
      component: `auth-${tag}`,
      version,
      spec: JSON.stringify({ openapi: "3.1.0", paths: { "/login": {} } }),
    });
    assert.equal(put.isError, false, put.text);
  }
  const latest = await callTool(client, "contract_get", { component: `auth-${tag}` });
  assert.equal(latest.json.version, "1.1.0");
  const older = await callTool(client, "contract_get", {
    component: `auth-${tag}`,
    version: "1.0.0",
  });
  assert.deepEqual(older.json.spec.paths, { "/login": {} });

  const created = await callTool(client, "task_create", {
    agent: "reviewer",
    task: `review ${tag}`,
    priority: "low",
  });
  assert.equal(created.isError, false, created.text);
  assert.equal(created.json.task.agent, "reviewer-agent");
  const status = await callTool(client, "task_status", { id: created.json.task.id });
  assert.equal(status.json.state, "queued");
  assert.equal(status.json.priority, "low");

  const agents = await callTool(client, "agent_list");
  const reviewer = agents.json.agents.find((a: { name: string }) => a.name === "reviewer-agent");
  assert.ok(reviewer, "reviewer-agent is listed");
  assert.match(reviewer.version, /^reviewer-agent_\d{8}$/);
  assert.equal(reviewer.model, "sonnet");

  const malformed = await callTool(client, "knowledge_save", { title: 42 });
  assert.equal(malformed.isError, true);
  assert.match(malformed.text, /Input validation error/);
  assert.match(malformed.text, /title/);
  const unknownAgent = await callTool(client, "task_create", { agent: "nobody", task: "x" });
  assert.equal(unknownAgent.isError, true);
  assert.match(unknownAgent.text, /no agent named "nobody"/);
  // The server is still alive after the errors.
  assert.equal((await callTool(client, "knowledge_query", { q: tag })).isError, false);
}
