/**
 * A worker on "another host" reporting to the project's KM: a real KM runs
 * for project A; a `worker` process in checkout B (its own queue) runs a
 * model agent against the fake Messages API with `SUPER_AGENTS_KM_URL` and
 * `SUPER_AGENTS_KM_TOKEN` pointing at A's KM. The job's events, its closing
 * `task.completed` event and its cost-ledger line all land in project A
 * (through `POST /api/events` and `POST /api/costs`), none in B; a worker
 * with a wrong token cannot write there.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import { startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { json, queueSandbox } from "./queue_fixture.ts";

async function lines(path: string): Promise<Record<string, unknown>[]> {
  try {
    return (await Deno.readTextFile(path)).trim().split("\n").filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

Deno.test("remote worker: events, the closing task event and the cost line go to the KM", async () => {
  const km = await kmSandbox(100);
  const host = await queueSandbox();
  const fake = await startFakeAnthropic({
    responder: () => text("Reviewed remotely.", { input_tokens: 900, output_tokens: 100 }),
  });
  try {
    const started = await km.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const { port } = JSON.parse(started.stdout);
    const token = (await Deno.readTextFile(join(km.project, ".claude/state/km.token"))).trim();
    const env = {
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: fake.url,
      SUPER_AGENTS_QUEUE_POLL_MS: "20",
      SUPER_AGENTS_KM_URL: `http://127.0.0.1:${port}`,
      SUPER_AGENTS_KM_TOKEN: token,
    };

    const { jobs: [job] } = await json(host, [
      "task",
      "create",
      "reviewer-agent",
      "--input",
      "review the last commit",
    ]);
    const worker = await host.run(["worker", "--once", "--json"], { env });
    assert.equal(worker.code, 0, worker.stderr);
    assert.equal(JSON.parse(worker.stdout).succeeded, 1, worker.stderr);

    const projectEvents = (await lines(join(km.project, ".claude/events/log.ndjson")))
      .filter((event) => event.task === job.id);
    const types = projectEvents.map((event) => event.type);
    for (const type of ["job.started", "task.completed", "job.succeeded"]) {
      assert.ok(types.includes(type), `${type} in the KM project's log: ${types.join(", ")}`);
    }
    assert.ok(types.indexOf("task.completed") < types.indexOf("job.succeeded"), "in order");
    const closing = projectEvents.find((event) => event.type === "task.completed")!;
    assert.equal(closing.agent, "reviewer-agent");
    assert.equal(closing.correlation_id, job.correlationId);

    const ledger = await lines(join(km.project, ".claude/state/costs.ndjson"));
    const line = ledger.find((entry) => entry.task === job.id);
    assert.ok(line, `the cost line reached the KM's ledger: ${JSON.stringify(ledger)}`);
    assert.equal(line.agent, "reviewer-agent");
    assert.equal(line.provider, "anthropic");
    assert.equal(line.status, "completed");
    assert.ok((line.tokens as number) >= 1000, `tokens ${line.tokens}`);

    // Nothing of it was written on the worker's own host.
    assert.deepEqual(await lines(join(host.project, ".claude/state/costs.ndjson")), []);
    const local = (await lines(join(host.project, ".claude/events/log.ndjson")))
      .filter((event) => event.task === job.id && event.type !== "task.created");
    assert.deepEqual(local, [], "the worker's events went to the KM");

    // The KM's write endpoints need its token: a wrong one leaves the ledger untouched.
    const refused = await fetch(`http://127.0.0.1:${port}/api/costs`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer wrong" },
      body: JSON.stringify(line),
    });
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    assert.equal((await lines(join(km.project, ".claude/state/costs.ndjson"))).length, 1);
    assert.equal((await km.run(["stop"])).code, 0);
  } finally {
    await fake.close();
    await host.cleanup();
    await km.cleanup();
  }
});
