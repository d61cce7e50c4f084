/**
 * A parallel flow's observability, end to end: with OpenTelemetry on, each
 * subtask is a `job developer-agent` span and each run-time step (plan,
 * integrate, finish) and each worktree commit a `flow …` span, all under
 * the flow's correlation id and named by flow and node; `trace` shows the
 * whole request from the event log: every job of the flow, started to succeeded.
 */
import assert from "node:assert/strict";
import { CORRELATION_ATTRIBUTE, TRACER_NAME } from "../../core/telemetry.ts";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { startOtlpCollector } from "../support/otlp_collector.ts";
import { byRole, flowSandbox, planReply } from "./flow_fixture.ts";
import { json } from "./queue_fixture.ts";

Deno.test("flow trace: every subtask and step is a span under the flow's correlation id", async () => {
  const { sandbox } = await flowSandbox({ "README.md": "# app\n" });
  const fake = await startFakeAnthropic({
    responder: byRole((role) => {
      if (role.kind === "architect") {
        return [planReply(["a", "b"].map((id) => ({ id, title: id, owns: [`${id}.ts`] })))];
      }
      if (role.kind === "developer") {
        return [toolUse("Write", { file_path: `${role.subtask}.ts`, content: "1\n" }), text("ok")];
      }
      return undefined;
    }),
  });
  const collector = await startOtlpCollector();
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "a and b",
    ]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, ...collector.env() },
    });
    assert.equal(worker.code, 0, worker.stderr);
    const ours = collector.spans.filter((span) => span.scope === TRACER_NAME);
    const names = ours.map((span) => span.name);
    assert.equal(names.filter((n) => n === "job developer-agent").length, 2, names.join(", "));
    for (
      const name of [
        "flow plan",
        "flow integrate",
        "flow finish",
        "flow commit dev-a",
        "flow commit dev-b",
      ]
    ) {
      const span = ours.find((s) => s.name === name);
      assert.ok(span, `${name} in ${names.join(", ")}`);
      assert.equal(span.attributes["super_agents.flow"], created.flow);
    }
    for (const span of ours) {
      assert.equal(span.attributes[CORRELATION_ATTRIBUTE], created.correlationId, span.name);
    }
    const trace = await sandbox.run(["trace", created.correlationId]);
    assert.equal(trace.code, 0, trace.stderr);
    const view = await json(sandbox, ["flow", "show", created.flow]);
    for (const job of view.jobs) {
      assert.match(
        trace.stdout,
        new RegExp(`job\\.succeeded \\[${job.agent} ${job.id}\\]`),
        job.node,
      );
    }
  } finally {
    await collector.close();
    await fake.close();
    await sandbox.cleanup();
  }
});
