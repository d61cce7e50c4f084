/**
 * The flows plugin's job hooks on a real repository and queue: a job that
 * is not part of a flow is left alone; a subtask whose worktree cannot be
 * made fails as `FLOW_STEP_FAILED` with the cause (recorded and retried,
 * not left to its lease), and a step's hostile input is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { projectPaths } from "../../../core/paths.ts";
import type { JobHooksOptions } from "../../../core/plugin_host/job_hooks.ts";
import { openSqliteQueue } from "../../../core/queue/sqlite_queue.ts";
import { flowJobInput } from "../../../plugins/flows/flow_step.ts";
import { createJobHooks } from "../../../plugins/flows/job_hooks.ts";
import { createGitRepo } from "../../support/git_repo.ts";

Deno.test("flow hooks: plain jobs untouched; an unmakeable worktree is FLOW_STEP_FAILED", async () => {
  const repo = await createGitRepo();
  const paths = projectPaths(repo.dir);
  const queue = openSqliteQueue(paths, defaultConfig().queue);
  try {
    const base = await repo.commit("base", { "a.ts": "a\n" });
    const hooks = (await createJobHooks({
      paths,
      queue,
      config: defaultConfig(),
      emit: () => Promise.resolve(),
      onError: () => {},
    } as unknown as JobHooksOptions))!;
    const { job: plain } = await queue.enqueue({ agent: "noop", input: "edit a.ts" });
    assert.equal(await hooks.prepare(plain), undefined);
    const { job: stray } = await queue.enqueue({
      agent: "developer-agent",
      flow: "flow_x",
      input: "x",
    });
    assert.equal(await hooks.prepare(stray), undefined, "a flow job without a role");

    await Deno.mkdir(join(repo.dir, ".claude"), { recursive: true });
    await Deno.writeTextFile(
      join(repo.dir, ".claude", "worktrees"),
      "a file where the folder goes",
    );
    const { job } = await queue.enqueue({
      agent: "developer-agent",
      flow: "flow_x",
      node: "dev-a",
      input: flowJobInput("dev-a", "x", {
        role: "subtask",
        base,
        subtask: { id: "a", title: "a", owns: ["a.ts"], dependsOn: [] },
      }),
    });
    await assert.rejects(hooks.prepare(job), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.equal(error.code, "FLOW_STEP_FAILED");
      assert.match(error.message, /preparing dev-a of flow_x: /);
      assert.notEqual(error.details?.retryable, false);
      return true;
    });
    const { job: hostile } = await queue.enqueue({
      agent: "developer-agent",
      flow: "flow_x",
      input: { stepInput: { flow: { role: "subtask", base: "--upload-pack=evil", subtask: {} } } },
    });
    await assert.rejects(hooks.prepare(hostile), /FLOW_STEP_INVALID|a full commit id/);
  } finally {
    await queue.close();
    await repo.cleanup();
  }
});
