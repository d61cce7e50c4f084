/**
 * Autonomous operation end to end, in a real temp git repository with a
 * temp HOME: `init --hooks` installs the hooks; a real `git commit` runs
 * the pre-commit gate and the post-commit hook, which enqueues the agents
 * for the change; `worker --once` runs them — the local checks succeed in
 * their sandboxes; without an API key the model agents are not queued at
 * all (one `hooks.skipped` event names them and the fix) — and the event
 * log links hook → enqueue → job start → job end under one
 * correlation id (`trace`), with the counts in `status`. When the queue is
 * unreachable the hook leaves a trigger file carrying the jobs; the next
 * worker loop (or `triggers process`) enqueues them and nothing piles up.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { commitInSandbox, createGitRepo, type GitRepo } from "../support/git_repo.ts";

const FAST = { SUPER_AGENTS_QUEUE_POLL_MS: "20" };
const LOCAL = ["contract-guardian-check", "filesystem-guardian-check", "secret-scan"];
const MODEL = ["security-agent", "test-executor-agent"];

async function setup(): Promise<{ sandbox: Sandbox; repo: GitRepo }> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("init", { "README.md": "# app\n" });
  const init = await sandbox.run(["init", "--hooks", "--json"]);
  assert.equal(init.code, 0, init.stderr);
  await Deno.stat(join(sandbox.project, ".git/hooks/post-commit")); // installed by init --hooks
  return { sandbox, repo };
}

// deno-lint-ignore no-explicit-any
async function cli(sandbox: Sandbox, args: string[], env = {}): Promise<any> {
  const result = await sandbox.run([...args, "--json"], { env });
  assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// deno-lint-ignore no-explicit-any
async function allEvents(sandbox: Sandbox): Promise<any[]> {
  const log = await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson"));
  return log.trim().split("\n").map((line) => JSON.parse(line));
}

// deno-lint-ignore no-explicit-any
async function hookEvents(sandbox: Sandbox): Promise<any[]> {
  return (await allEvents(sandbox)).filter((event) => event.type === "git.post-commit");
}

async function resetQueue(sandbox: Sandbox): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) {
    await Deno.remove(join(sandbox.project, `.claude/state/queue.db${suffix}`)).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }
}

async function triggerFiles(sandbox: Sandbox, dir = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(sandbox.project, ".claude/triggers", dir))) {
    if (entry.isFile && entry.name.endsWith(".json")) names.push(entry.name);
  }
  return names;
}

Deno.test("autonomy: a commit queues the agents, a worker runs them, trace and status show it", async () => {
  const { sandbox, repo } = await setup();
  try {
    await repo.stage({ "src/app.ts": "export function app(): number {\n  return 1;\n}\n" });
    const committed = await commitInSandbox(sandbox, "add app");
    assert.equal(committed.code, 0, committed.stderr);
    assert.match(committed.stderr, /checks passed/);
    assert.match(committed.stderr, /queued .*secret-scan/);
    assert.match(
      committed.stderr,
      /skipped security-agent, test-executor-agent: no ANTHROPIC_API_KEY; run `super-agents secrets set ANTHROPIC_API_KEY`/,
    );
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const base = (await repo.git("rev-parse", "HEAD~1")).trim();

    const queued = (await cli(sandbox, ["task", "list"])).jobs;
    // No key: only the local checks are queued (model jobs could only dead-letter).
    // deno-lint-ignore no-explicit-any
    assert.deepEqual(queued.map((j: any) => j.agent).sort(), LOCAL);
    const [hook] = await hookEvents(sandbox);
    const skipped = (await allEvents(sandbox)).filter((e) => e.type === "hooks.skipped");
    assert.equal(skipped.length, 1, "one event for the skipped agents");
    assert.deepEqual(skipped[0].payload.agents, MODEL);
    assert.match(skipped[0].payload.hint, /super-agents secrets set ANTHROPIC_API_KEY/);
    assert.equal(skipped[0].parent, hook.id);
    assert.equal(skipped[0].correlation_id, hook.correlation_id);
    assert.equal(hook.payload.commit, head);
    for (const job of queued) {
      assert.equal(job.state, "queued");
      assert.equal(job.priority, "normal");
      assert.equal(job.correlationId, hook.correlation_id);
      assert.equal(job.input.commit, head);
      if (LOCAL.includes(job.agent)) assert.equal(job.input.task, `range ${base}..${head}`);
    }

    const summary = await cli(sandbox, ["worker", "--once"], FAST);
    assert.equal(summary.succeeded, LOCAL.length);
    assert.equal(summary.dead, 0);
    const ran = (await cli(sandbox, ["task", "list"])).jobs;
    for (const job of ran) {
      assert.equal(job.state, "succeeded", `${job.agent}: ${JSON.stringify(job.error)}`);
      assert.match(job.result.output, /0 finding\(s\) in 1 file\(s\) \(range\), passed/);
    }

    const status = await sandbox.run(["status", "--json"]);
    assert.equal(status.code, 3, status.stderr); // 3: the KM is stopped, which is fine here
    assert.deepEqual(JSON.parse(status.stdout).queue.counts, { succeeded: LOCAL.length });

    const trace = await cli(sandbox, ["trace", hook.correlation_id]);
    // deno-lint-ignore no-explicit-any
    const flat: any[] = [];
    // deno-lint-ignore no-explicit-any
    const walk = (node: any) => (flat.push(node.event), node.children.forEach(walk));
    trace.roots.forEach(walk);
    flat.sort((a, b) => a.seq - b.seq);
    assert.equal(flat[0].type, "git.post-commit");
    for (const job of ran.filter((j: { agent: string }) => LOCAL.includes(j.agent))) {
      const types = flat.filter((e) => e.task === job.id).map((e) => e.type);
      assert.deepEqual(types, ["task.created", "job.started", "task.completed", "job.succeeded"]);
    }
    const created = flat.filter((e) => e.type === "task.created");
    assert.equal(created.length, LOCAL.length);
    assert.ok(created.every((e) => e.parent === hook.id), "task.created hangs off the hook event");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("autonomy: a trigger left by a failed enqueue becomes jobs on the next worker loop", async () => {
  const { sandbox, repo } = await setup();
  try {
    await Deno.writeTextFile(join(sandbox.project, ".claude/state/queue.db"), "not a database");
    await repo.stage({ "src/one.ts": "export const one = 1;\n" });
    const first = await commitInSandbox(sandbox, "queue broken");
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /\(trigger /);
    assert.equal((await triggerFiles(sandbox)).length, 1);

    await resetQueue(sandbox); // the queue is back
    const summary = await cli(sandbox, ["worker", "--once"], FAST);
    assert.equal(summary.succeeded, LOCAL.length);
    assert.equal(summary.dead, 0);
    assert.deepEqual(await triggerFiles(sandbox), [], "the trigger was consumed");
    assert.equal((await triggerFiles(sandbox, "processed")).length, 1);
    const [hook] = await hookEvents(sandbox);
    const jobs = (await cli(sandbox, ["task", "list"])).jobs;
    assert.equal(jobs.length, LOCAL.length);
    for (const job of jobs) assert.equal(job.correlationId, hook.correlation_id);

    // `triggers process` enqueues the same way (here without a worker running).
    await Deno.writeTextFile(join(sandbox.project, ".claude/state/queue.db"), "not a database");
    await repo.stage({ "src/two.ts": "export const two = 2;\n" });
    assert.equal((await commitInSandbox(sandbox, "queue broken again")).code, 0);
    await resetQueue(sandbox);
    const processed = await cli(sandbox, ["triggers", "process"]);
    assert.equal(processed.processed, 1);
    const again = (await cli(sandbox, ["task", "list"])).jobs;
    // deno-lint-ignore no-explicit-any
    assert.deepEqual(again.map((j: any) => j.state), again.map(() => "queued"));
    assert.equal(again.length, LOCAL.length);
    const second = (await hookEvents(sandbox))[1];
    assert.ok(
      again.every((j: { correlationId: string }) => j.correlationId === second.correlation_id),
    );
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("autonomy: the worker posts finished tasks to the webhooks; a hanging one cannot hold it", async () => {
  const sandbox = await createSandbox();
  // deno-lint-ignore no-explicit-any
  const posts: any[] = [];
  const hung = Promise.withResolvers<void>();
  const slack = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    posts.push(await request.json());
    return new Response("ok");
  });
  const discord = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    await hung.promise; // never answers while the worker runs: only its timeout ends the post
    return new Response("late");
  });
  try {
    for (const dir of ["state", "events", "workspaces"]) {
      await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
    }
    await Deno.writeTextFile(
      join(sandbox.project, ".claude/config.json"),
      JSON.stringify({
        notifications: { on: ["task.completed", "task.failed"], retries: 0, timeoutMs: 300 },
      }),
    );
    const ok = await cli(sandbox, ["task", "create", "noop", "--input", "fine"]);
    const bad = await cli(sandbox, [
      "task",
      "create",
      "script",
      "--input",
      JSON.stringify({ ops: [{ op: "fail", message: "broken on purpose", retryable: false }] }),
    ]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: {
        ...FAST,
        SUPER_AGENTS_SLACK_WEBHOOK: `http://127.0.0.1:${slack.addr.port}/hook`,
        SUPER_AGENTS_DISCORD_WEBHOOK: `http://127.0.0.1:${discord.addr.port}/hook`,
      },
    });
    assert.equal(worker.code, 1, worker.stderr); // a job died: worker --once exits 1
    const summary = JSON.parse(worker.stdout);
    assert.equal(summary.succeeded, 1);
    assert.equal(summary.dead, 1);
    const titles = posts.map((post) => post.text).sort();
    assert.equal(titles.length, 2);
    assert.match(titles.find((t) => t.includes(bad.jobs[0].id)), /:x: .*script dead/);
    assert.match(
      titles.find((t) => t.includes(ok.jobs[0].id)),
      /:white_check_mark: .*noop finished/,
    );
    assert.match(JSON.stringify(posts), /broken on purpose/);
  } finally {
    hung.resolve();
    await slack.shutdown();
    await discord.shutdown();
    await sandbox.cleanup();
  }
});
