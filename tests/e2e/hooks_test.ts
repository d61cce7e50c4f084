/**
 * The installed git hooks end to end, driven by real `git commit`: an
 * existing pre-commit hook keeps running after install and comes back after
 * uninstall; the gate blocks a staged secret; a commit queues agent jobs
 * that a worker process then runs, with the events linked by one
 * correlation id; husky is detected instead of clobbered.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { commitInSandbox, createGitRepo, type GitRepo } from "../support/git_repo.ts";
import { AWS_KEY_ID, GITHUB_TOKEN } from "../plugins/local_checks/secrets.ts";

async function setup(): Promise<{ sandbox: Sandbox; repo: GitRepo }> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("init", { "README.md": "# app\n" });
  return { sandbox, repo };
}

Deno.test("hooks: an existing pre-commit hook still runs after install and is restored after uninstall", async () => {
  const { sandbox, repo } = await setup();
  try {
    const hook = join(sandbox.project, ".git/hooks/pre-commit");
    const original = `#!/bin/sh\necho "original hook ran" >&2\n`;
    await Deno.writeTextFile(hook, original, { mode: 0o755 });
    const installed = await sandbox.run(["hooks", "install", "--json"]);
    assert.equal(installed.code, 0, installed.stderr);
    assert.deepEqual(
      JSON.parse(installed.stdout).hooks.map((h: { hook: string; action: string }) =>
        `${h.hook}:${h.action}`
      ),
      ["pre-commit:chained", "post-commit:installed", "post-merge:installed", "pre-push:installed"],
    );

    await repo.stage({ "src/a.ts": "export const a = 1;\n" });
    const passed = await commitInSandbox(sandbox, "clean change");
    assert.equal(passed.code, 0, passed.stderr);
    assert.match(passed.stderr, /original hook ran/);
    assert.match(passed.stderr, /checks passed/);

    await repo.stage({ "src/keys.ts": `export const id = "${AWS_KEY_ID}";\n` });
    const blocked = await commitInSandbox(sandbox, "leak a key");
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /src\/keys\.ts:1: aws-access-key-id/);
    assert.match(blocked.stderr, /commit blocked/);

    const status = JSON.parse((await sandbox.run(["hooks", "status", "--json"])).stdout);
    assert.equal(status.hooks[0].state, "installed+chained");

    const removed = await sandbox.run(["hooks", "uninstall"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(await Deno.readTextFile(hook), original);
    assert.equal(
      (await sandbox.run(["hooks", "status", "--json"])).stdout.includes('"installed'),
      false,
    );
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("hooks: a commit queues agent jobs that a worker runs; the events show it", async () => {
  const { sandbox, repo } = await setup();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude"), { recursive: true });
    await Deno.writeTextFile(
      join(sandbox.project, ".claude/config.json"),
      JSON.stringify({
        queue: { maxAttempts: 1 },
        // Only the model agents here; the local checks are queued too (tests/e2e/autonomy_test.ts).
        hooks: {
          disabledAgents: [
            "security-agent",
            "secret-scan",
            "filesystem-guardian-check",
            "contract-guardian-check",
          ],
        },
      }),
    );
    assert.equal((await sandbox.run(["hooks", "install"])).code, 0);
    await repo.stage({ "src/b.ts": "export const b = 2;\n", "docs/guide.md": "# Guide\n" });
    // The committer has a key (the hook queues model agents only then); the worker below has none.
    const committed = await commitInSandbox(sandbox, "code and docs", {
      ANTHROPIC_API_KEY: "sk-test",
    });
    assert.equal(committed.code, 0, committed.stderr);
    assert.match(committed.stderr, /queued documentation-agent, test-executor-agent/);
    assert.doesNotMatch(committed.stderr, /skipped/);
    const head = (await repo.git("rev-parse", "HEAD")).trim();

    const listed = JSON.parse((await sandbox.run(["task", "list", "--json"])).stdout).jobs;
    assert.deepEqual(listed.map((j: { agent: string }) => j.agent).sort(), [
      "documentation-agent",
      "test-executor-agent",
    ]);
    for (const job of listed) {
      assert.equal(job.priority, "normal");
      assert.equal(job.input.commit, head);
      assert.deepEqual(job.input.classes, ["code", "docs"]);
    }

    const worker = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(worker.code, 1, worker.stderr); // a job died: worker --once exits 1
    const after = JSON.parse((await sandbox.run(["task", "list", "--json"])).stdout).jobs;
    for (const job of after) {
      assert.ok(
        ["succeeded", "failed", "dead"].includes(job.state),
        `${job.agent} ran: ${job.state}`,
      );
      assert.equal(job.attempts, 1);
    }

    const events = (await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson")))
      .trim().split("\n").map((line) => JSON.parse(line));
    const hookEvent = events.find((e) => e.type === "git.post-commit");
    assert.equal(hookEvent.payload.commit, head);
    // Without an API key the model agents end at once (NO_API_KEY), never started.
    const ended = events.filter((e) => ["job.succeeded", "job.dead"].includes(e.type));
    assert.equal(ended.length, 2);
    assert.ok(ended.every((e) => e.correlation_id === hookEvent.correlation_id));

    // The post-commit hook never fails the commit, even with a broken queue database.
    await Deno.writeTextFile(join(sandbox.project, ".claude/state/queue.db"), "not a database");
    await repo.stage({ "src/c.ts": "export const c = 3;\n" });
    const broken = await commitInSandbox(sandbox, "queue broken");
    assert.equal(broken.code, 0, broken.stderr);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("hooks: husky is detected and its snippet printed instead of installing", async () => {
  const { sandbox } = await setup();
  try {
    await Deno.mkdir(join(sandbox.project, ".husky"));
    const result = await sandbox.run(["hooks", "install"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /husky manages this repository's hooks/);
    assert.match(result.stdout, /super-agents hook pre-commit/);
    const status = JSON.parse((await sandbox.run(["hooks", "status", "--json"])).stdout);
    assert.ok(status.hooks.every((h: { state: string }) => h.state === "absent"));
    assert.deepEqual(status.managers, ["husky"]);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("hooks: commit-msg blocks a token pasted into the message, comments ignored", async () => {
  const { sandbox } = await setup();
  try {
    const file = join(sandbox.project, ".git/COMMIT_EDITMSG");
    await Deno.writeTextFile(file, `fix login\n\nused token ${GITHUB_TOKEN}\n`);
    const blocked = await sandbox.run(["hook", "commit-msg", ".git/COMMIT_EDITMSG"]);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /COMMIT_EDITMSG:3: github-token/);
    await Deno.writeTextFile(file, `fix login\n# ${GITHUB_TOKEN} in a comment line\n`);
    assert.equal((await sandbox.run(["hook", "commit-msg", ".git/COMMIT_EDITMSG"])).code, 0);
    const unknown = await sandbox.run(["hook", "pre-rebase"]);
    assert.equal(unknown.code, 2);
  } finally {
    await sandbox.cleanup();
  }
});
