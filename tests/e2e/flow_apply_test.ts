/**
 * `flow apply` when the user's branch moved on since the flow's base: a
 * merge commit (not a fast-forward) with both sides, made with the user's
 * own git setup (their global identity, their hooks); when the result does
 * not merge cleanly, nothing is applied, the merge is aborted and the tree
 * is as it was. An architect reply without a plan is one subtask, `main`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { byRole, flowSandbox } from "./flow_fixture.ts";
import { json } from "./queue_fixture.ts";

async function finishedFlow(content: string) {
  const { sandbox, repo } = await flowSandbox({ "app.ts": "export const v = 0;\n" });
  const fake = await startFakeAnthropic({
    responder: byRole((role) =>
      role.kind === "developer"
        ? [toolUse("Write", { file_path: "app.ts", content }), text("done")]
        : undefined
    ),
  });
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "set v",
    ]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);
    const view = await json(sandbox, ["flow", "show", created.flow]);
    assert.equal(view.state, "ready", view.attention);
    assert.deepEqual(
      view.subtasks.map((s: { id: string }) => s.id),
      ["main"],
      "no plan: one subtask",
    );
    return { sandbox, repo, flow: created.flow as string };
  } finally {
    await fake.close();
  }
}

Deno.test("flow apply: a branch that moved on gets a merge commit with both sides", async () => {
  const { sandbox, repo, flow } = await finishedFlow("export const v = 1;\n");
  try {
    await repo.commit("meanwhile", { "notes.md": "user work\n" });
    // The user's own setup: a global identity (not the repository's) and a post-merge hook.
    await repo.git("config", "--unset", "user.name");
    await repo.git("config", "--unset", "user.email");
    await Deno.writeTextFile(
      join(sandbox.home, ".gitconfig"),
      "[user]\n\tname = Global Person\n\temail = global@example.com\n",
    );
    const hook = join(sandbox.project, ".git", "hooks", "post-merge");
    await Deno.writeTextFile(hook, "#!/bin/sh\ntouch .git/post-merge-ran\n");
    await Deno.chmod(hook, 0o755);
    const applied = await json(sandbox, ["flow", "apply", flow]);
    assert.equal(applied.fastForward, false);
    assert.equal(await Deno.readTextFile(join(sandbox.project, "app.ts")), "export const v = 1;\n");
    assert.equal(await Deno.readTextFile(join(sandbox.project, "notes.md")), "user work\n");
    const parents = (await repo.git("rev-list", "--parents", "-n", "1", "HEAD")).trim().split(" ");
    assert.equal(parents.length, 3, "a merge commit");
    assert.equal(
      await repo.git("log", "-1", "--format=%an <%ae>"),
      "Global Person <global@example.com>\n",
    );
    await Deno.lstat(join(sandbox.project, ".git", "post-merge-ran")); // the user's hook ran
    assert.equal(await repo.git("branch", "--list", "super-agents/*"), "");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("flow apply: a result that does not merge cleanly is not applied; the tree is as it was", async () => {
  const { sandbox, repo, flow } = await finishedFlow("export const v = 1;\n");
  try {
    await repo.commit("meanwhile", { "app.ts": "export const v = 99;\n" });
    const head = await repo.git("rev-parse", "HEAD");
    const refused = await sandbox.run(["flow", "apply", flow]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not merge cleanly/);
    assert.equal(await repo.git("rev-parse", "HEAD"), head);
    assert.equal(await repo.git("status", "--porcelain", "--untracked-files=no"), "");
    assert.equal(
      await Deno.readTextFile(join(sandbox.project, "app.ts")),
      "export const v = 99;\n",
    );
    const view = await json(sandbox, ["flow", "show", flow]);
    assert.equal(view.state, "ready", "still there to merge by hand");
    assert.match(await repo.git("branch", "--list", "super-agents/*"), /integration/);
  } finally {
    await sandbox.cleanup();
  }
});
