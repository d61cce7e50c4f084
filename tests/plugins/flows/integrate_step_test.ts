/**
 * The integration round and the worktrees under it, on a real git
 * repository and a real SQLite queue: a merge left in progress by a killed
 * round is aborted and the branches merged once each (nothing
 * half-merged); running the round again adds no jobs twice; a worktree
 * whose `.git` file was pointed elsewhere is neither reused nor committed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import type { EventInput } from "../../../core/events/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openSqliteQueue } from "../../../core/queue/sqlite_queue.ts";
import { flowJobInput } from "../../../plugins/flows/flow_step.ts";
import { runIntegrateStep } from "../../../plugins/flows/integrate_step.ts";
import { commitWorktree } from "../../../plugins/flows/commit_worktree.ts";
import { ensureWorktree, flowWorktree } from "../../../plugins/flows/worktrees.ts";
import { createGitRepo } from "../../support/git_repo.ts";

async function setup() {
  const repo = await createGitRepo();
  const base = await repo.commit("base", { "x.ts": "x0\n", "y.ts": "y0\n" });
  const paths = projectPaths(repo.dir);
  for (const [name, file] of [["dev-x", "x.ts"], ["dev-y", "y.ts"]]) {
    const worktree = flowWorktree(paths, "flow_t", name);
    await ensureWorktree(paths, worktree, base, { reset: true });
    await Deno.writeTextFile(join(worktree.path, file), `${name}\n`);
    await commitWorktree(paths, worktree, base, name);
  }
  const queue = openSqliteQueue(paths, defaultConfig().queue);
  const step = {
    role: "integrate" as const,
    base,
    round: 1,
    branches: ["x", "y"].map((id) => ({
      subtask: id,
      title: `edit ${id}`,
      branch: `super-agents/flow_t/dev-${id}`,
    })),
    reviewers: ["reviewer-agent"],
  };
  const { job } = await queue.enqueue({
    agent: "flow-integrate",
    flow: "flow_t",
    node: "integrate-1",
    input: flowJobInput("integrate-1", "edit both", step),
  });
  const events: EventInput[] = [];
  const env = {
    queue,
    paths,
    emit: (event: EventInput) => Promise.resolve(void events.push(event)),
  };
  return { repo, base, paths, queue, job, step, env, events };
}

Deno.test("integrate: a merge left in progress is aborted; each branch merged once; a rerun adds nothing", async () => {
  const { repo, queue, job, step, env, events } = await setup();
  try {
    const integration = flowWorktree(env.paths, "flow_t", "integration");
    await ensureWorktree(env.paths, integration, step.base, { reset: false });
    const partial = new Deno.Command("git", {
      args: ["merge", "--no-ff", "--no-commit", "super-agents/flow_t/dev-x"],
      cwd: integration.path,
      env: { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
      stdout: "null",
      stderr: "null",
    });
    assert.equal((await partial.output()).code, 0);
    await Deno.lstat(join(repo.dir, ".git", "worktrees", "integration", "MERGE_HEAD"));

    const result = await runIntegrateStep(env, job, step);
    assert.deepEqual(result.merged, ["super-agents/flow_t/dev-x", "super-agents/flow_t/dev-y"]);
    assert.equal(result.conflict, undefined);
    const merges = (await repo.git("log", "--merges", "--format=%s", integration.branch)).trim();
    assert.deepEqual(merges.split("\n"), ["Merge subtask y: edit y", "Merge subtask x: edit x"]);
    assert.equal(await repo.git("show", `${integration.branch}:x.ts`), "dev-x\n");
    assert.equal(await repo.git("show", `${integration.branch}:y.ts`), "dev-y\n");

    const added = await queue.list({ flow: "flow_t", order: "oldest" });
    assert.deepEqual(added.map((j) => j.node), [
      "integrate-1",
      "reviewer",
      "test-executor",
      "finish",
    ]);
    const byNode = new Map(added.map((j) => [j.node, j]));
    assert.deepEqual(byNode.get("test-executor")!.dependsOn, [byNode.get("reviewer")!.id]);
    assert.equal(events.filter((e) => e.type === "task.created").length, 3);

    const again = await runIntegrateStep(env, job, step);
    assert.deepEqual(again.merged, [], "everything was merged already");
    assert.equal((await queue.list({ flow: "flow_t" })).length, 4, "no job added twice");
  } finally {
    await queue.close();
    await repo.cleanup();
  }
});

Deno.test("worktrees: a worktree whose .git file points elsewhere (another worktree too) is not reused or committed", async () => {
  const { repo, base, paths, queue } = await setup();
  try {
    const worktree = flowWorktree(paths, "flow_t", "dev-x");
    const common = join(repo.dir, ".git");
    for (
      const pointer of [
        `${common}/worktrees/../../evil`,
        "/tmp",
        `${common}/worktrees/dev-x/..`,
        `${common}/worktrees/dev-y`,
      ]
    ) {
      await Deno.writeTextFile(join(worktree.path, ".git"), `gitdir: ${pointer}\n`);
      for (
        const attempt of [
          () => commitWorktree(paths, worktree, base, "sneaky"),
          () => ensureWorktree(paths, worktree, base, { reset: true }),
        ]
      ) {
        await assert.rejects(attempt, (error: unknown) => {
          assert.ok(error instanceof SuperAgentsError);
          assert.equal(error.code, "FLOW_WORKTREE_TAMPERED");
          return true;
        });
      }
    }
  } finally {
    await queue.close();
    await repo.cleanup();
  }
});
