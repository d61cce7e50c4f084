/**
 * Analytics end to end: a real `worker --once` runs queued reviewer-agent
 * jobs against the fake Messages API, on which the sonnet tier fails three
 * requests of four (400) and opus always answers. The outcome history
 * fills from the worker's job listener; the adaptive router escalates
 * after each failure and, once sonnet has enough outcomes below the
 * target, stops choosing it — within a bounded number of jobs — and the
 * `router.decision` events say why. Then `analytics`, `router explain`,
 * `slo status` and `slo rules` read that history through the CLI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { apiError, startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { queueSandbox, script } from "./queue_fixture.ts";

const models = defaultConfig().models;
const JOBS = 16;

Deno.test("analytics e2e: the router stops choosing a tier that fails often, and says why", async () => {
  const sandbox = await queueSandbox({
    models: { matrix: false, retries: 0 },
    queue: { maxAttempts: 1 },
    analytics: {
      routing: { minSamples: 3, explore: 0 },
      slos: { "reviewer-agent": { successRate: 0.95, latencyP95Ms: 60_000 } },
    },
  });
  let sonnetCalls = 0;
  const fake = await startFakeAnthropic({
    responder: (body) => {
      if (body.model === models.sonnet) {
        return sonnetCalls++ % 4 === 3 ? text("Verdict: pass") : apiError(400, undefined, "bad");
      }
      return text("Verdict: pass");
    },
  });
  try {
    // One job per `worker --once`, so each decision sees every outcome before it (a worker
    // routes a job when it claims it: jobs claimed together share what was known then).
    let dead = 0;
    for (let i = 0; i < JOBS; i++) {
      const queue = await openQueue(projectPaths(sandbox.project), defaultConfig());
      await queue.enqueue({
        agent: "reviewer-agent",
        input: { task: `review change #${i}`, kind: "review" },
      });
      await queue.close();
      const run = await sandbox.run(["worker", "--once", "--json"], {
        env: {
          SUPER_AGENTS_QUEUE_POLL_MS: "20",
          ANTHROPIC_API_KEY: "sk-test-dummy",
          ANTHROPIC_BASE_URL: fake.url,
        },
      });
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      dead += JSON.parse(run.stdout).dead;
    }
    assert.ok(dead > 0 && dead <= 4, `${dead} jobs died`);
    const log = await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson"));
    const events = log.trim().split("\n").map((line) => JSON.parse(line));
    const decisions = events.filter((e) => e.type === "router.decision");
    assert.equal(decisions.length, JOBS, "one decision per job");
    const tiers = decisions.map((e) => e.payload.tier);
    const requested = fake.messageRequests().map((r) => r.body.model);
    assert.deepEqual(
      requested,
      tiers.map((t: "opus" | "sonnet") => models[t]),
      "every job started on the chosen tier (no fallback from a 400)",
    );
    // Bounded: with minSamples 3, sonnet is tried at most 3 times before its rate counts,
    // and never after; the last jobs all run on opus.
    console.log(`tiers chosen: ${tiers.join(" ")}`);
    const lastSonnet = tiers.lastIndexOf("sonnet");
    assert.ok(tiers.filter((t: string) => t === "sonnet").length <= 4, tiers.join(","));
    assert.ok(lastSonnet < 8, `sonnet still chosen at job ${lastSonnet}: ${tiers.join(",")}`);
    assert.deepEqual(tiers.slice(8), Array(JOBS - 8).fill("opus"));
    const why = decisions[JOBS - 1].payload.steps.join("\n");
    assert.match(why, /adaptive: sonnet: \d of \d succeeded/);
    assert.match(
      why,
      /adaptive: (sonnet misses the 90% target: up to opus|opus is the cheapest tier at or above the 90% target on review)/,
    );
    assert.ok(
      decisions.some((e) =>
        e.payload.steps.some((s: string) =>
          /the last review task on sonnet failed: escalate to opus/.test(s)
        )
      ),
    );

    // The history the listener wrote: one row per job, tiers as chosen.
    const report = await sandbox.run(["analytics", "--by", "tier", "--json"]);
    assert.equal(report.code, 0, report.stderr);
    const byTier = JSON.parse(report.stdout);
    assert.equal(byTier.totals.jobs, JOBS);
    const opus = byTier.groups.find((g: { group: string }) => g.group === "opus");
    const sonnet = byTier.groups.find((g: { group: string }) => g.group === "sonnet");
    assert.equal(opus.successRate, 1);
    assert.ok(sonnet.successRate < 0.5);
    assert.equal(opus.jobs + sonnet.jobs, JOBS);
    const table = await sandbox.run(["analytics", "--since", "1h"]);
    assert.match(table.stdout, /^agent\s+jobs\s+success\s+p50 ms\s+p95 ms/);
    assert.match(table.stdout, /reviewer-agent\s+16\s+/);

    const explain = await sandbox.run(["router", "explain", "reviewer-agent", "--kind", "review"]);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /^reviewer-agent → .* \(opus\)/);
    assert.match(explain.stdout, /adaptive: opus: \d+ of \d+ succeeded at \$[\d.]+ median/);
    assert.match(explain.stdout, /adaptive: sonnet: \d of \d succeeded/);
    const pinned = await sandbox.run([
      "router",
      "explain",
      "reviewer-agent",
      "--kind",
      "review",
      "--model",
      "sonnet",
    ]);
    assert.match(pinned.stdout, /^reviewer-agent → .* \(sonnet\)/, "an explicit model wins");
    assert.doesNotMatch(pinned.stdout, /adaptive:/);

    const slo = await sandbox.run(["slo", "status", "--json"]);
    assert.equal(slo.code, 0, slo.stderr);
    const [status] = JSON.parse(slo.stdout).agents;
    assert.equal(status.agent, "reviewer-agent");
    assert.equal(status.last30d.tasks, JOBS);
    const rulesFile = join(sandbox.project, "slo.rules.yml");
    const rules = await sandbox.run(["slo", "rules", "--output", rulesFile]);
    assert.equal(rules.code, 0, rules.stderr);
    assert.match(await Deno.readTextFile(rulesFile), /agent: "reviewer-agent"/);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("analytics e2e: hostile flags and settings are refused with the fix", async () => {
  const sandbox = await queueSandbox();
  try {
    const by = await sandbox.run(["analytics", "--by", "agent;drop table outcomes"]);
    assert.equal(by.code, 2);
    assert.match(by.stderr, /--by/);
    const since = await sandbox.run(["analytics", "--since", "-5d"]);
    assert.equal(since.code, 2);
    const empty = await sandbox.run(["analytics"]);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /no finished jobs in this window/);
    await Deno.writeTextFile(
      join(sandbox.project, ".claude", "config.json"),
      '{"analytics":{"slos":{"x":{"successRate":7}}}}',
    );
    const bad = await sandbox.run(["slo", "rules"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /config\.json: key "analytics\.slos\.x\.successRate"/);
    assert.match(bad.stderr, /fix "analytics\.slos\.x\.successRate"/);
    const explain = await sandbox.run(["router", "explain", "reviewer-agent"]);
    assert.equal(explain.code, 2);
    assert.match(explain.stderr, /needs a task or --kind/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("analytics e2e: task create --auto picks the agent, explains it, and queues the task", async () => {
  const sandbox = await queueSandbox();
  try {
    const created = await sandbox.run([
      "task",
      "create",
      "--auto",
      "audit the upload handler for path traversal and injection vulnerabilities",
      "--json",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const body = JSON.parse(created.stdout);
    assert.equal(body.picked.agent, "security-agent");
    assert.equal(body.jobs[0].agent, "security-agent");
    assert.deepEqual(body.jobs[0].input, {
      task: "audit the upload handler for path traversal and injection vulnerabilities",
      kind: "review",
    });
    assert.match(
      created.stderr,
      /^picked security-agent for this review task \(score [\d.]+\): description matches: /,
    );
    assert.match(created.stderr, /\nnext: /);
    const missing = await sandbox.run(["task", "create", "--auto"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--auto needs the task text/);
    const nonsense = await sandbox.run(["task", "create", "--auto", "zebra xylophone quux"]);
    assert.equal(nonsense.code, 1);
    assert.match(nonsense.stderr, /no agent's description matches/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("analytics e2e: a lesson from a successful job reaches the next similar task's context, cited by id", async () => {
  const sandbox = await queueSandbox({ models: { matrix: false } });
  const fake = await startFakeAnthropic({
    responder: () =>
      text(
        "Fixed: src/auth/session.ts now checks the cookie expiry before redirecting; test added.",
      ),
  });
  const env = {
    env: {
      SUPER_AGENTS_QUEUE_POLL_MS: "20",
      ANTHROPIC_API_KEY: "sk-test-dummy",
      ANTHROPIC_BASE_URL: fake.url,
    },
  };
  try {
    for (
      const task of [
        "fix the login crash when the session cookie expired",
        "the login crashes again after the session expired",
      ]
    ) {
      const queue = await openQueue(projectPaths(sandbox.project), defaultConfig());
      await queue.enqueue({ agent: "developer-agent", input: task });
      await queue.close();
      const run = await sandbox.run(["worker", "--once", "--json"], env);
      assert.equal(run.code, 0, run.stderr);
    }
    const [first, second] = fake.messageRequests().map((r) => JSON.stringify(r.body.messages[0]));
    assert.doesNotMatch(first, /Lessons from earlier tasks/);
    assert.match(second, /# Lessons from earlier tasks \(cite them by id when you use one\)/);
    const cited = /\[(lesson:\d+)\] developer-agent · fix: fix the login crash/.exec(second);
    assert.ok(cited, second);
    assert.match(second, /Files: src\/auth\/session\.ts/);
    const listed = await sandbox.run(["knowledge", "lessons", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const { lessons } = JSON.parse(listed.stdout);
    assert.equal(lessons.length, 2, "both successes were kept");
    const used = lessons.find((l: { kmId: number }) => `lesson:${l.kmId}` === cited[1]);
    assert.equal(used.uses, 1);
    assert.equal(used.score, 1);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("analytics e2e: a broken analytics section does not stop the worker: it is reported with file, key and fix, and the job runs without analytics", async () => {
  const sandbox = await queueSandbox({ analytics: { routing: { target: 7 } } });
  try {
    const created = await sandbox.run([
      "task",
      "create",
      "script",
      "--input",
      script({ op: "sleep", ms: 1 }),
    ]);
    assert.equal(created.code, 0, created.stderr);
    const run = await sandbox.run(["worker", "--once", "--json"], {
      env: { SUPER_AGENTS_QUEUE_POLL_MS: "20" },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).succeeded, 1, run.stdout);
    assert.match(run.stderr, /config\.json: key "analytics\.routing\.target"/);
    assert.match(run.stderr, /fix "analytics\.routing\.target" in .*config\.json/);
    assert.match(run.stderr, /"analytics" plugin settings are off for this run/);
    const db = join(sandbox.project, ".claude", "state", "analytics.db");
    assert.equal(await Deno.stat(db).then(() => true, () => false), false, "no history recorded");
    // `config validate` still reports it as an error, and `slo` refuses to run on it.
    const validate = await sandbox.run(["config", "validate"]);
    assert.notEqual(validate.code, 0);
    assert.match(validate.stdout + validate.stderr, /analytics\.routing\.target/);
  } finally {
    await sandbox.cleanup();
  }
});
