/**
 * OpenTelemetry end to end: a task created from the CLI and run by a real
 * `super-agents worker` (the reviewer agent on the fake Messages API, with
 * one tool call) is exported by Deno's built-in OTel to a loopback OTLP/HTTP
 * JSON collector. Every span of the task carries its correlation id; model
 * calls carry the GenAI attributes; nested spans share their trace. With
 * `OTEL_DENO` unset nothing is exported. A KM started with OTel on exports
 * its request spans, named by route.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CORRELATION_ATTRIBUTE, TRACER_NAME } from "../../core/telemetry.ts";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { scripted, startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { type OtlpCollector, startOtlpCollector } from "../support/otlp_collector.ts";

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "agents", "logs", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  await Deno.writeTextFile(join(sandbox.project, "README.md"), "# Demo\n");
  return sandbox;
}

async function createTask(sandbox: Sandbox, args: string[]) {
  const created = await sandbox.run(["task", "create", ...args, "--json"]);
  assert.equal(created.code, 0, created.stderr);
  return JSON.parse(created.stdout) as { correlationId: string; jobs: { id: string }[] };
}

Deno.test("otel: the spans of one queued task share its correlation id", async () => {
  const sandbox = await project();
  let collector: OtlpCollector | undefined;
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("Read", { file_path: "README.md" }),
      text("Verdict: approve", { input_tokens: 120, output_tokens: 7 }),
    ]),
  });
  try {
    collector = await startOtlpCollector();
    const { correlationId, jobs: [job] } = await createTask(sandbox, [
      "reviewer-agent",
      "--input",
      "review the README",
    ]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: {
        ANTHROPIC_API_KEY: "sk-test",
        ANTHROPIC_BASE_URL: fake.url,
        ...collector.env(),
      },
    });
    assert.equal(worker.code, 0, worker.stderr);
    assert.equal(JSON.parse(worker.stdout).succeeded, 1, worker.stdout);

    const ours = collector.spans.filter((span) => span.scope === TRACER_NAME);
    const names = ours.map((span) => span.name).sort();
    assert.ok(names.includes("job reviewer-agent"), names.join(", "));
    assert.ok(names.includes("invoke_agent reviewer-agent"), names.join(", "));
    assert.ok(names.includes("execute_tool Read"), names.join(", "));
    assert.ok(names.includes("events.write"), names.join(", "));
    assert.equal(names.filter((name) => name === "agent.turn").length, 2);
    const chats = ours.filter((span) => span.name.startsWith("chat "));
    assert.equal(chats.length, 2);
    for (const span of ours) {
      assert.equal(span.attributes[CORRELATION_ATTRIBUTE], correlationId, span.name);
      assert.equal(span.service, "super-agents-test");
    }
    for (const chat of chats) {
      assert.equal(chat.attributes["gen_ai.system"], "anthropic");
      assert.equal(chat.attributes["gen_ai.operation.name"], "chat");
      assert.equal(chat.kind, 3, "model calls are client spans");
      assert.equal(typeof chat.attributes["gen_ai.request.model"], "string");
      assert.equal(typeof chat.attributes["super_agents.cost_usd"], "number");
    }
    const last = chats.find((span) => span.attributes["gen_ai.usage.output_tokens"] === 7);
    assert.ok(last, "the usage of the final answer is on its span");
    assert.equal(last.attributes["gen_ai.usage.input_tokens"], 120);
    const job_ = ours.find((span) => span.name === "job reviewer-agent")!;
    assert.equal(job_.attributes["super_agents.job_id"], job.id);
    // Inside the sandboxed worker the spans nest: chat → agent.turn → invoke_agent.
    const invoke = ours.find((span) => span.name === "invoke_agent reviewer-agent")!;
    const turns = ours.filter((span) => span.name === "agent.turn");
    for (const chat of chats) {
      const turn = turns.find((t) => t.spanId === chat.parentSpanId);
      assert.ok(turn, "a chat span's parent is its turn");
      assert.equal(turn.parentSpanId, invoke.spanId);
      assert.equal(chat.traceId, invoke.traceId);
    }
  } finally {
    await collector?.close();
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("otel: with OTEL_DENO unset, nothing is exported", async () => {
  const sandbox = await project();
  const collector = await startOtlpCollector();
  try {
    await createTask(sandbox, ["noop"]);
    const { OTEL_DENO: _off, ...env } = collector.env();
    const worker = await sandbox.run(["worker", "--once", "--json"], { env });
    assert.equal(worker.code, 0, worker.stderr);
    assert.equal(JSON.parse(worker.stdout).succeeded, 1);
    assert.equal(collector.requests.size, 0);
  } finally {
    await collector.close();
    await sandbox.cleanup();
  }
});

Deno.test("otel: the KM's request spans are named by route", async () => {
  const box = await kmSandbox();
  const collector = await startOtlpCollector();
  try {
    const started = await box.run(["start", "--json"], { env: collector.env("super-agents-km") });
    assert.equal(started.code, 0, started.stderr);
    const { port } = JSON.parse(started.stdout);
    await (await fetch(`http://127.0.0.1:${port}/api/search?q=x`)).body?.cancel();
    assert.equal((await box.run(["stop"])).code, 0); // the KM flushes its spans on exit
    const search = collector.spans.find((span) => span.name === "GET /api/search");
    assert.ok(search, collector.spans.map((span) => span.name).join(", "));
    assert.equal(search.attributes["http.route"], "/api/search");
    assert.equal(search.service, "super-agents-km");
    assert.equal(search.kind, 2, "a server span");
  } finally {
    await collector.close();
    await box.cleanup();
  }
});
