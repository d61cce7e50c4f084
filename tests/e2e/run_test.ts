/**
 * `super-agents run` end to end: the real CLI as a subprocess, the real
 * Anthropic SDK, and the fake Messages API on loopback.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import {
  apiError,
  type FakeAnthropic,
  scripted,
  startFakeAnthropic,
  text,
  toolUse,
} from "../support/fake_anthropic.ts";

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "agents", "logs", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  await Deno.mkdir(join(sandbox.project, "src"));
  await Deno.writeTextFile(
    join(sandbox.project, "src", "app.ts"),
    'export const greeting = "helo";\n',
  );
  return sandbox;
}

function apiEnv(fake: FakeAnthropic) {
  return { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
}

async function events(
  sandbox: Sandbox,
): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const text = await Deno.readTextFile(join(sandbox.project, ".claude", "events", "log.ndjson"));
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

async function ledger(sandbox: Sandbox): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(join(sandbox.project, ".claude", "state", "costs.ndjson"));
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

interface ToolResultBlock {
  type: string;
  content: string;
  is_error?: boolean;
}

function toolResults(body: { messages: { content: unknown }[] }): ToolResultBlock[] {
  const last = body.messages[body.messages.length - 1];
  return Array.isArray(last.content)
    ? (last.content as ToolResultBlock[]).filter((b) => b.type === "tool_result")
    : [];
}

Deno.test("developer-agent edits a file through tool calls; events and cost are recorded", async () => {
  const sandbox = await project();
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("Read", { file_path: "src/app.ts" }, "Looking at the file."),
      toolUse("Edit", { file_path: "src/app.ts", old_string: '"helo"', new_string: '"hello"' }),
      text("Fixed the greeting in src/app.ts."),
    ]),
  });
  try {
    const result = await sandbox.run(
      ["run", "developer-agent", "correct the greeting string in src/app.ts"],
      apiEnv(fake),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      await Deno.readTextFile(join(sandbox.project, "src", "app.ts")),
      'export const greeting = "hello";\n',
    );
    assert.match(result.stdout, /Fixed the greeting/);
    assert.match(result.stdout, /developer-agent completed on claude-sonnet-5-5 · 3 turn/);
    const requests = fake.messageRequests();
    assert.equal(requests.length, 3);
    assert.equal(
      requests[0].body.system[0].cache_control.type,
      "ephemeral",
      "system prompt cached",
    );
    assert.ok(
      requests.every((r) =>
        r.headers["x-api-key"] === "sk-test" || r.headers.authorization === "Bearer sk-test"
      ),
    );
    assert.match(toolResults(requests[1].body)[0].content, /helo/, "the model saw the file");
    const types = (await events(sandbox)).map((e) => e.type);
    assert.deepEqual(types, [
      "task.started",
      "agent.tool_call",
      "agent.tool_call",
      "task.completed",
    ]);
    const [entry] = await ledger(sandbox);
    assert.equal(entry.agent, "developer-agent");
    assert.equal(entry.status, "completed");
    assert.equal(entry.turns, 3);
    assert.ok((entry.costUsd as number) > 0);
    const cost = await sandbox.run(["cost", "--json"]);
    assert.equal(JSON.parse(cost.stdout).rows[0].key, "developer-agent");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("a tool call outside the sandbox is a tool error and touches nothing", async () => {
  const sandbox = await project();
  const outside = join(sandbox.home, "stolen.txt");
  await Deno.writeTextFile(join(sandbox.home, "secret.txt"), "top secret");
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("Write", { file_path: outside, content: "pwned" }),
      toolUse("Read", { file_path: join(sandbox.home, "secret.txt") }),
      toolUse("Bash", { command: "curl https://example.com" }),
      text("I could not do that."),
    ]),
  });
  try {
    const result = await sandbox.run(
      ["run", "developer-agent", "write a file in the home directory"],
      apiEnv(fake),
    );
    assert.equal(result.code, 0, result.stderr);
    await assert.rejects(Deno.stat(outside), Deno.errors.NotFound);
    const requests = fake.messageRequests();
    const [write] = toolResults(requests[1].body);
    assert.equal(write.is_error, true);
    assert.match(write.content, /sandbox boundary/);
    const [read] = toolResults(requests[2].body);
    assert.equal(read.is_error, true);
    assert.doesNotMatch(read.content, /top secret/);
    const [bash] = toolResults(requests[3].body);
    assert.equal(bash.is_error, true);
    assert.match(bash.content, /"curl" is not an allowed program/);
    const denied = (await events(sandbox)).filter((e) => e.type === "agent.tool_call");
    assert.ok(denied.every((e) => e.payload.isError === true));
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("429 on opus: completes on sonnet after retry-after, with a fallback event", async () => {
  const sandbox = await project();
  const fake = await startFakeAnthropic({
    responder: (body) =>
      body.model === "claude-opus-5-5" ? apiError(429, 1, "rate limited") : text("Design written."),
  });
  try {
    const result = await sandbox.run(
      ["run", "architect-agent", "design the caching layer"],
      apiEnv(fake),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fake.messageRequests().map((r) => r.body.model), [
      "claude-opus-5-5",
      "claude-sonnet-5-5",
    ]);
    assert.match(
      result.stdout,
      /claude-opus-5-5 429 .*continuing on claude-sonnet-5-5 after 1\.0s/,
    );
    assert.match(result.stdout, /completed on claude-sonnet-5-5/);
    const fallback = (await events(sandbox)).find((e) => e.type === "model.fallback");
    assert.ok(fallback, "a model.fallback event");
    assert.equal(fallback.payload.from, "claude-opus-5-5");
    assert.equal(fallback.payload.to, "claude-sonnet-5-5");
    assert.equal(fallback.payload.status, 429);
    assert.equal(fallback.payload.retryAfterMs, 1000);
    const [entry] = await ledger(sandbox);
    assert.equal(entry.fallbacks, 1);
    const health = JSON.parse(
      await Deno.readTextFile(join(sandbox.project, ".claude", "state", "model_health.json")),
    );
    assert.equal(health.models["claude-opus-5-5"].failures, 1, "the monitor learnt of the 429");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("the budget stops a looping agent, failing closed with the reason", async () => {
  const sandbox = await project();
  await Deno.writeTextFile(
    join(sandbox.project, ".claude", "agents", "looper.md"),
    `---
name: looper
description: An agent that never stops reading files, for the budget test.
tools: Read
model: sonnet
budget:
  turns: 3
---

Read files forever.
`,
  );
  const fake = await startFakeAnthropic({
    responder: () => toolUse("Read", { file_path: "src/app.ts" }),
  });
  try {
    const trusted = await sandbox.run(["agents", "trust", "looper", "--yes"]); // a new agent
    assert.equal(trusted.code, 0, trusted.stderr);
    const result = await sandbox.run(["run", "looper", "read everything"], apiEnv(fake));
    assert.equal(result.code, 1);
    assert.match(result.stdout, /looper stopped: turn budget of 3 reached/);
    assert.match(result.stderr, /raise budget\.turns/);
    assert.equal(fake.messageRequests().length, 3);
    const last = (await events(sandbox)).at(-1)!;
    assert.equal(last.type, "task.budget_exceeded");
    const [entry] = await ledger(sandbox);
    assert.equal(entry.status, "budget_exceeded");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("without an API key an LLM agent fails with one line; --dry-run still works", async () => {
  const sandbox = await project();
  try {
    const result = await sandbox.run(["run", "reviewer-agent", "review the last commit"]);
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /ANTHROPIC_API_KEY.*--provider claude-code/);
    const dry = await sandbox.run([
      "run",
      "reviewer-agent",
      "review the last commit",
      "--dry-run",
      "--json",
    ]);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout);
    assert.equal(plan.route.model, "claude-sonnet-5-5");
    assert.deepEqual(plan.tools, ["Read", "Glob", "Grep", "Bash", "emit_event"]);
    assert.match(plan.system, /You are the code reviewer/);
  } finally {
    await sandbox.cleanup();
  }
});
