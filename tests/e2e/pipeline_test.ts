/**
 * Agents in sequence and in bulk, end to end: developer then reviewer on
 * one project, and 50 queued jobs through the batch lane (Message Batches
 * on the fake API), with errored and expired entries retried individually
 * and tool-using entries continued in the sandbox.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import {
  apiError,
  type FakeReply,
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
  await Deno.writeTextFile(join(sandbox.project, "README.md"), "# Demo\n\nVersion 1.\n");
  return sandbox;
}

async function lines(path: string): Promise<Record<string, unknown>[]> {
  return (await Deno.readTextFile(path)).trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("reviewer-agent runs after developer-agent and sees its change", async () => {
  const sandbox = await project();
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("Edit", {
        file_path: "README.md",
        old_string: "Version 1.",
        new_string: "Version 2.",
      }),
      text("Bumped the version in README.md."),
      toolUse("Read", { file_path: "README.md" }),
      text("Verdict: approve"),
    ]),
  });
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  try {
    const developer = await sandbox.run(
      ["run", "developer-agent", "bump the version in README.md"],
      env,
    );
    assert.equal(developer.code, 0, developer.stderr);
    const reviewer = await sandbox.run(["run", "reviewer-agent", "review the README change"], env);
    assert.equal(reviewer.code, 0, reviewer.stderr);
    assert.match(reviewer.stdout, /Verdict: approve/);
    const requests = fake.messageRequests();
    const reviewRead = requests[3].body.messages.at(-1).content[0];
    assert.match(reviewRead.content, /Version 2\./, "the reviewer read the developer's edit");
    const events = await lines(join(sandbox.project, ".claude", "events", "log.ndjson"));
    const done = events.filter((e) => e.type === "task.completed").map((e) => e.agent);
    assert.deepEqual(done, ["developer-agent", "reviewer-agent"]);
    const ledger = await lines(join(sandbox.project, ".claude", "state", "costs.ndjson"));
    assert.deepEqual(ledger.map((e) => e.agent), ["developer-agent", "reviewer-agent"]);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("a batch of 50 jobs goes through the batch lane", async () => {
  const sandbox = await project();
  const paths = projectPaths(sandbox.project);
  const queue = await openQueue(paths, defaultConfig());
  const ids: string[] = [];
  try {
    const results = await queue.enqueueMany(
      Array.from({ length: 50 }, (_, i) => ({
        id: `job_batch_${i}`,
        agent: "documentation-agent",
        input: `summarise section ${i} of the README`,
        lane: "batch" as const,
        priority: "low" as const,
      })),
    );
    ids.push(...results.map((r) => r.job.id));
  } finally {
    await queue.close();
  }
  const fake = await startFakeAnthropic({
    pollsUntilEnded: 2,
    responder: (body, request): FakeReply => {
      const n = Number(/section (\d+)/.exec(JSON.stringify(body.messages[0]))?.[1]);
      if (request.path.endsWith("/batches")) {
        if (n % 10 === 3) return apiError(500, undefined, "entry failed");
        if (n % 10 === 7) return { kind: "expired" };
        if (n % 10 === 5) return toolUse("Read", { file_path: "README.md" });
      }
      return text(`summary ${n}`);
    },
  });
  try {
    const result = await sandbox.run(["batch", "run", "--poll-ms", "10", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    assert.deepEqual(summary, {
      batches: 1,
      jobs: 50,
      succeeded: 50,
      failed: 0,
      retriedIndividually: 10,
      continued: 5,
    });
    const creates = fake.requests.filter((r) => r.path === "/v1/messages/batches");
    assert.equal(creates.length, 1);
    assert.equal(creates[0].body.requests.length, 50);
    assert.equal(creates[0].body.requests[0].params.system[0].cache_control.type, "ephemeral");
    assert.equal(fake.messageRequests().length, 15, "10 individual retries + 5 continuations");
    const check = await openQueue(paths, defaultConfig());
    try {
      for (const id of ids) {
        const job = await check.get(id);
        assert.equal(job?.state, "succeeded", `${id} succeeded`);
      }
      const continued = await check.get("job_batch_5");
      assert.equal((continued?.result as { turns: number }).turns, 2);
      assert.equal((continued?.result as { output: string }).output, "summary 5");
    } finally {
      await check.close();
    }
    const ledger = await lines(join(sandbox.project, ".claude", "state", "costs.ndjson"));
    assert.equal(ledger.length, 50);
    assert.ok(ledger.every((e) => e.provider === "anthropic-batch" && e.status === "completed"));
    const events = await lines(join(sandbox.project, ".claude", "events", "log.ndjson"));
    assert.equal(events.filter((e) => e.type === "batch.entry_retried").length, 10);
    assert.equal(events.filter((e) => e.type === "task.completed").length, 50);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
