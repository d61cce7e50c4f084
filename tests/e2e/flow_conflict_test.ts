/**
 * Conflicts in a parallel flow, end to end: two subtasks change the same
 * line; the first integration round merges one, records the conflict with
 * the other (branch and file), and a resolution job — a developer on the
 * integration worktree, both sides in its task — resolves it; the flow
 * ends with one branch whose content is the resolution's. A resolution
 * that leaves conflict markers stops the flow in `needs-attention`, which
 * `flow show` and `task show` explain, and from which retrying the
 * resolution (named in the explanation) finishes the flow.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { byRole, flowSandbox, planReply } from "./flow_fixture.ts";
import { json } from "./queue_fixture.ts";

const BASE = 'export const greeting = "hello";\n';
const X = 'export const greeting = "hello from x";\n';
const Y = 'export const greeting = "hello from y";\n';
const RESOLVED = 'export const greeting = "hello from x and y";\n';

function script(resolution: string) {
  return byRole((role) => {
    if (role.kind === "architect") {
      return [planReply([
        { id: "x", title: "greet from x", owns: ["greeting.ts"] },
        { id: "y", title: "greet from y", owns: ["greeting.ts"] },
      ])];
    }
    if (role.kind === "developer") {
      const body = role.subtask === "x" ? X : Y;
      return [toolUse("Write", { file_path: "greeting.ts", content: body }), text("done")];
    }
    if (role.kind === "resolve") {
      return [
        toolUse("Write", { file_path: "greeting.ts", content: resolution }),
        text("resolved"),
      ];
    }
    return undefined;
  });
}

async function runFlow(resolution: string) {
  const { sandbox, repo } = await flowSandbox({ "greeting.ts": BASE });
  const fake = await startFakeAnthropic({ responder: script(resolution) });
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  const created = await json(sandbox, [
    "task",
    "create",
    "--pipeline",
    "software",
    "--input",
    "greet",
  ]);
  const worker = await sandbox.run(["worker", "--once", "--json"], env);
  const view = await json(sandbox, ["flow", "show", created.flow]);
  return { sandbox, repo, fake, worker, view, flow: created.flow as string };
}

Deno.test("flow conflict: a resolution job on the integration worktree; the branch holds its content", async () => {
  const { sandbox, repo, fake, worker, view, flow } = await runFlow(RESOLVED);
  try {
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);
    assert.equal(view.state, "ready", view.attention);
    assert.deepEqual(view.conflicts, [{
      round: 1,
      branch: `super-agents/${flow}/dev-y`,
      files: ["greeting.ts"],
    }]);
    const nodes = view.jobs.map((j: { node: string }) => j.node);
    assert.deepEqual(nodes.filter((n: string) => /integrate|resolve/.test(n)), [
      "integrate-1",
      "resolve-1",
      "integrate-2",
    ]);
    const resolve = view.jobs.find((j: { node: string }) => j.node === "resolve-1");
    assert.equal(resolve.agent, "developer-agent");
    assert.equal(resolve.result.worktree.branch, `super-agents/${flow}/integration`);
    const prompt = fake.messageRequests().find((r) =>
      JSON.stringify(r.body.messages[0]).includes("Resolve a merge conflict")
    )!;
    const task = JSON.stringify(prompt.body.messages[0]);
    assert.ok(
      task.includes("hello from x") && task.includes("hello from y"),
      "both sides in its task",
    );
    assert.equal(await repo.git("show", `${view.result.branch}:greeting.ts`), RESOLVED);
    const log = await repo.git("log", "--format=%s", view.result.branch);
    assert.match(log, /Merge super-agents\/flow_\w+\/dev-y \(conflicts resolved\)/);
    assert.match(log, /Merge subtask x: greet from x/);
    assert.equal(
      await repo.git("show", "main:greeting.ts"),
      BASE,
      "the user's branch is untouched",
    );
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("flow conflict: markers left behind stop the flow in needs-attention, explained", async () => {
  const markers =
    "<<<<<<< HEAD\nexport const greeting = 1;\n=======\nexport const greeting = 2;\n>>>>>>> y\n";
  const { sandbox, repo, fake, worker, view, flow } = await runFlow(markers);
  try {
    assert.equal(worker.code, 1, "the resolution job died");
    assert.equal(view.state, "needs-attention");
    assert.match(
      view.attention,
      /resolve-1 dead: the resolution left conflict markers in greeting\.ts/,
    );
    assert.match(view.attention, /flow discard/);
    const shown = await sandbox.run(["task", "show", flow]);
    assert.match(shown.stdout, /needs attention: a step is dead/);
    assert.match(shown.stdout, /resolve-1\s+dead/);
    assert.match(shown.stdout, /conflict markers in greeting\.ts/);
    const human = await sandbox.run(["flow", "show", flow]);
    assert.match(
      human.stdout,
      /needs-attention\n {2}cause: resolve-1 dead: the resolution left conflict markers/,
    );
    assert.equal(human.stdout.match(/needs.attention/g)?.length, 1, "said once");
    assert.match(human.stdout, /conflict in round 1: super-agents\/flow_\w+\/dev-y — greeting\.ts/);
    const apply = await sandbox.run(["flow", "apply", flow]);
    assert.equal(apply.code, 1);
    assert.match(apply.stderr, /is needs-attention: no result to apply/);
    const discarded = await json(sandbox, ["flow", "discard", flow]);
    assert.equal(discarded.flow, flow);
    assert.equal(await repo.git("branch", "--list", "super-agents/*"), "");
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      1,
    );
    assert.equal((await json(sandbox, ["flow", "show", flow])).state, "discarded");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("flow conflict: clean keeps a failed flow's fresh worktrees and prunes them once old", async () => {
  const markers = "<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> y\n";
  const { sandbox, repo, fake, view, flow } = await runFlow(markers);
  try {
    assert.equal(view.state, "needs-attention");
    const dir = join(sandbox.project, ".claude", "worktrees", flow);
    const kept = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(kept, ["architect", "dev-x", "dev-y", "integration"], "kept for inspection");
    const fresh = await json(sandbox, ["clean", "--dry-run"]);
    assert.deepEqual(fresh.worktrees, []);
    const old = new Date(Date.now() - 10 * 86_400_000);
    for (const name of kept) await Deno.utime(join(dir, name), old, old);
    await Deno.utime(dir, old, old);
    const dry = await sandbox.run(["clean", "--dry-run"]);
    assert.match(
      dry.stdout,
      new RegExp(
        `would remove the worktrees and branches of ${flow}\\s+10\\.0 days old \\(needs-attention\\)`,
      ),
    );
    assert.deepEqual((await Deno.lstat(dir)).isDirectory, true, "a dry run removes nothing");
    const cleaned = await json(sandbox, ["clean"]);
    assert.deepEqual(cleaned.worktrees, [{ flow, reason: "needs-attention" }]);
    await assert.rejects(Deno.lstat(dir), Deno.errors.NotFound);
    assert.equal(await repo.git("branch", "--list", "super-agents/*"), "");
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      1,
    );
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("flow conflict: after needs-attention, retrying the resolution finishes the flow", async () => {
  const markers = "<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> y\n";
  const { sandbox, repo, fake, view, flow } = await runFlow(markers);
  try {
    assert.equal(view.state, "needs-attention");
    const resolve = view.jobs.find((j: { node: string }) => j.node === "resolve-1");
    assert.ok(view.attention.includes(`super-agents task retry ${resolve.id}`), view.attention);
    assert.doesNotMatch(view.attention, /integrate-2/, "the blocked round is not a cause");
    fake.setResponder(script(RESOLVED));
    assert.equal((await sandbox.run(["task", "retry", resolve.id])).code, 0);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);
    const done = await json(sandbox, ["flow", "show", flow]);
    assert.equal(done.state, "ready", done.attention);
    assert.equal(await repo.git("show", `${done.result.branch}:greeting.ts`), RESOLVED);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
