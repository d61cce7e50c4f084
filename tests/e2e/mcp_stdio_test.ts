/**
 * `super-agents mcp` over STDIO, spawned as a real subprocess and driven by
 * the official SDK client: the acceptance scenario, prompts and resources,
 * one-agent mode, and survival across a KM restart and stop.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { callTool, connectStdio } from "../support/mcp_client.ts";
import { exerciseProjectServer } from "../support/mcp_scenario.ts";

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude"), { recursive: true });
  return sandbox;
}

Deno.test("mcp over STDIO: tools, knowledge, tasks, agents, malformed arguments", async () => {
  const sandbox = await project();
  const client = await connectStdio(sandbox.project, sandbox.env);
  try {
    assert.equal(client.getServerVersion()?.name, "super-agents");
    await exerciseProjectServer(client, "stdio1");
    const { prompts } = await client.listPrompts();
    assert.ok(prompts.some((p) => p.name === "reviewer-agent"));
    const prompt = await client.getPrompt({
      name: "reviewer-agent",
      arguments: { task: "check the auth module" },
    });
    const text = (prompt.messages[0].content as { text: string }).text;
    assert.match(text, /## Task\n\ncheck the auth module$/);
    const resource = await client.readResource({ uri: "agent://reviewer-agent" });
    const definition = JSON.parse((resource.contents[0] as { text: string }).text);
    assert.equal(definition.name, "reviewer-agent");
    assert.ok(definition.definition.prompt.length > 100);
  } finally {
    await client.close();
    await sandbox.cleanup();
  }
});

Deno.test("mcp --agent serves one agent: its run tool and its prompt", async () => {
  const sandbox = await project();
  const client = await connectStdio(sandbox.project, sandbox.env, ["--agent", "reviewer"]);
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ["run"]);
    const { prompts } = await client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name), ["reviewer-agent"]);
    const run = await callTool(client, "run", { task: "review HEAD", waitMs: 0 });
    assert.equal(run.isError, false, run.text);
    assert.equal(run.json.done, false);
    assert.equal(run.json.state, "queued");
    assert.match(run.json.hint, /task_status/);
    const bad = await callTool(client, "run", { task: "" });
    assert.equal(bad.isError, true);
  } finally {
    await client.close();
    await sandbox.cleanup();
  }
});

Deno.test("mcp event tools query the log and trace a request", async () => {
  const sandbox = await project();
  const correlation = "toolu_" + "a1B2c3D4e5F6g7H8i9J0k1L2";
  const first = await sandbox.run([
    "events",
    "emit",
    "--json",
    "--type",
    "mcp.test.started",
    "--correlation-id",
    correlation,
  ]);
  assert.equal(first.code, 0, first.stderr);
  const parent = JSON.parse(first.stdout).id;
  const second = await sandbox.run([
    "events",
    "emit",
    "--type",
    "mcp.test.done",
    "--parent",
    parent,
  ]);
  assert.equal(second.code, 0, second.stderr);
  const client = await connectStdio(sandbox.project, sandbox.env);
  try {
    const query = await callTool(client, "event_query", { types: ["mcp.test.*"], since: "1h" });
    assert.deepEqual(query.json.events.map((e: { type: string }) => e.type), [
      "mcp.test.started",
      "mcp.test.done",
    ]);
    const trace = await callTool(client, "event_trace", { correlationId: correlation });
    assert.equal(trace.json.events, 2);
    assert.equal(trace.json.roots[0].children[0].event.type, "mcp.test.done");
    const bad = await callTool(client, "event_trace", { correlationId: "abc" });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /toolu_/);
  } finally {
    await client.close();
    await sandbox.cleanup();
  }
});

Deno.test("mcp STDIO server survives a KM restart and a KM stop mid-session", async () => {
  const sandbox = await project();
  const started = await sandbox.run(["start", "--json"]);
  assert.equal(started.code, 0, started.stderr);
  const log = { text: "" };
  const client = await connectStdio(sandbox.project, sandbox.env, ["--debug"], log);
  try {
    const first = await callTool(client, "knowledge_save", { title: "before", content: "one" });
    assert.match(log.text, /using the KM at http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(first.isError, false, first.text);
    const restarted = await sandbox.run(["restart", "--json"]);
    assert.equal(restarted.code, 0, restarted.stderr);
    const second = await callTool(client, "knowledge_save", { title: "after", content: "two" });
    assert.equal(second.isError, false, second.text);
    assert.match(
      log.text,
      /KM at http:\S+ (refused our token|did not answer).*; retrying at http:/,
    );
    const stopped = await sandbox.run(["stop"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    const third = await callTool(client, "knowledge_query", { q: "two" });
    assert.equal(third.isError, false, third.text);
    assert.equal(third.json.hits[0].item.title, "after");
    assert.match(log.text, /using the store directly/);
  } finally {
    await client.close();
    await sandbox.run(["stop"]);
    await sandbox.cleanup();
  }
});
