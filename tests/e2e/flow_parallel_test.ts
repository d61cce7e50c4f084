/**
 * Parallel development end to end, on the fake Messages API: the architect
 * plans three subtasks owning different files; three developer jobs run at
 * the same time (their recorded start and end times overlap), each in its
 * own worktree writing its files; the integration branch holds all three;
 * the architect is told the plan format; the reviewer and the test executor read that branch; `flow apply`
 * (refused while the tree is dirty) brings it into the user's branch, and
 * no worktree or flow branch is left behind. Two worker processes sharing
 * one flow merge every subtask exactly once. Every job of the flow carries
 * the flow's correlation id.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { byRole, flowSandbox, planReply, roleOf, toolResults } from "./flow_fixture.ts";
import { json, waitFor } from "./queue_fixture.ts";

const SUBTASKS = ["a", "b", "c"];
const content = (id: string) => `export const ${id} = "${id}";\n`;

Deno.test("flow: three subtasks in parallel worktrees, integrated, reviewed, tested and applied", async () => {
  // With the default config: each developer needs its own Web Worker (their grants differ), and the
  // model lane may start pool.maxWorkers of them whatever the machine's core count.
  const { sandbox, repo } = await flowSandbox({ "README.md": "# app\n" });
  const fake = await startFakeAnthropic({
    latencyMs: 300,
    responder: byRole((role) => {
      if (role.kind === "architect") {
        return [
          planReply(SUBTASKS.map((id) => ({ id, title: `module ${id}`, owns: [`src/${id}.ts`] }))),
        ];
      }
      if (role.kind === "developer") {
        return [
          toolUse("Write", { file_path: `src/${role.subtask}.ts`, content: content(role.subtask) }),
          text(`wrote src/${role.subtask}.ts`),
        ];
      }
      if (role.kind === "reviewer") {
        return [toolUse("Read", { file_path: "src/b.ts" }), text("approve")];
      }
      if (role.kind === "tests") {
        return [toolUse("Glob", { pattern: "src/*.ts" }), text("3 passed")];
      }
      return undefined;
    }),
  });
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--width",
      "3",
      "--input",
      "add modules a, b and c",
    ]);
    const flow: string = created.flow;
    const worker = await sandbox.run(["worker", "--once", "--json"], env);
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);

    const view = await json(sandbox, ["flow", "show", flow]);
    assert.equal(view.state, "ready", view.attention);
    const developers = view.jobs.filter((j: { node: string }) => j.node.startsWith("dev-"));
    assert.deepEqual(developers.map((j: { node: string }) => j.node), ["dev-a", "dev-b", "dev-c"]);
    const lastStart = Math.max(...developers.map((j: { startedAt: number }) => j.startedAt));
    const firstEnd = Math.min(...developers.map((j: { finishedAt: number }) => j.finishedAt));
    assert.ok(lastStart < firstEnd, "all three developers were running at one moment");
    const worktrees = developers.map((j: { result: { worktree: { path: string } } }) =>
      j.result.worktree.path
    );
    assert.equal(new Set(worktrees).size, 3, "each in its own worktree");
    for (const [i, id] of SUBTASKS.entries()) {
      assert.equal(worktrees[i], join(sandbox.project, ".claude", "worktrees", flow, `dev-${id}`));
      assert.deepEqual(developers[i].result.worktree.files, [`src/${id}.ts`]);
      assert.equal(developers[i].result.worktree.branch, `super-agents/${flow}/dev-${id}`);
    }
    assert.deepEqual(view.result.files, ["src/a.ts", "src/b.ts", "src/c.ts"]);
    for (const id of SUBTASKS) {
      assert.equal(await repo.git("show", `${view.result.branch}:src/${id}.ts`), content(id));
    }
    const architect = fake.messageRequests().find((r) => roleOf(r.body).kind === "architect")!;
    assert.match(JSON.stringify(architect.body.system), /## Parallel work/, "told the plan format");
    const read = toolResults(fake.requests, (r) => r.kind === "reviewer");
    assert.match(read[0], /export const b = "b";/, "the reviewer read the integrated branch");
    const globbed = toolResults(fake.requests, (r) => r.kind === "tests");
    assert.match(
      globbed[0],
      /src\/a\.ts[\s\S]*src\/b\.ts[\s\S]*src\/c\.ts/,
      "the tests saw all three",
    );
    await assert.rejects(
      Deno.lstat(join(sandbox.project, "src")),
      Deno.errors.NotFound,
      "user's tree untouched",
    );
    assert.deepEqual(
      await repo.git("worktree", "list", "--porcelain").then((out) =>
        out.match(/^worktree /gm)?.length
      ),
      1,
      "only the integration branch is left, no worktree",
    );

    await Deno.writeTextFile(join(sandbox.project, "README.md"), "# app, edited\n");
    const dirty = await sandbox.run(["flow", "apply", flow]);
    assert.equal(dirty.code, 1);
    assert.match(dirty.stderr, /uncommitted changes/);
    await repo.git("checkout", "--", "README.md");

    const applied = await json(sandbox, ["flow", "apply", flow]);
    assert.equal(applied.fastForward, true);
    for (const id of SUBTASKS) {
      assert.equal(await Deno.readTextFile(join(sandbox.project, "src", `${id}.ts`)), content(id));
    }
    assert.equal(await repo.git("rev-parse", "--abbrev-ref", "HEAD"), "main\n");
    assert.equal(await repo.git("branch", "--list", "super-agents/*"), "", "no flow branch left");
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      1,
      "no worktree left",
    );
    await assert.rejects(
      Deno.lstat(join(sandbox.project, ".claude", "worktrees", flow)),
      Deno.errors.NotFound,
    );
    assert.equal((await json(sandbox, ["flow", "show", flow])).state, "applied");

    const events =
      (await Deno.readTextFile(join(sandbox.project, ".claude", "events", "log.ndjson")))
        .trim().split("\n").map((line) => JSON.parse(line))
        .filter((e) => e.payload?.flow === flow);
    assert.ok(events.length > 20);
    assert.deepEqual(new Set(events.map((e) => e.correlationId)).size, 1, "one correlation id");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("flow: two worker processes share one flow; every subtask merged exactly once", async () => {
  const { sandbox, repo } = await flowSandbox({ "README.md": "# app\n" });
  const ids = ["p", "q", "r", "s"];
  const fake = await startFakeAnthropic({
    latencyMs: 100,
    responder: byRole((role) => {
      if (role.kind === "architect") {
        return [
          planReply(ids.map((id) => ({ id, title: `module ${id}`, owns: [`src/${id}.ts`] }))),
        ];
      }
      if (role.kind === "developer") {
        // s also writes a file it does not own: reported by flow show, not refused.
        const stray = role.subtask === "s"
          ? [toolUse("Write", { file_path: "notes/s.md", content: "# s\n" })]
          : [];
        return [
          ...stray,
          toolUse("Write", { file_path: `src/${role.subtask}.ts`, content: content(role.subtask) }),
          text("done"),
        ];
      }
      return undefined;
    }),
  });
  const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url };
  const workers = [
    sandbox.spawn(["worker", "--json"], { env }),
    sandbox.spawn(["worker", "--json"], { env }),
  ];
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "p-s",
    ]);
    await waitFor("the flow to end", async () => {
      const view = await json(sandbox, ["flow", "show", created.flow]);
      return view.state !== "running";
    }, 60_000);
    const view = await json(sandbox, ["flow", "show", created.flow]);
    assert.equal(view.state, "ready", view.attention);
    for (const id of ids) {
      assert.equal(await repo.git("show", `${view.result.branch}:src/${id}.ts`), content(id));
    }
    const outside = Object.fromEntries(
      view.subtasks.map((
        subtask: { id: string; outside: string[] },
      ) => [subtask.id, subtask.outside]),
    );
    assert.deepEqual(outside, { p: [], q: [], r: [], s: ["notes/s.md"] });
    const shown = await sandbox.run(["flow", "show", created.flow]);
    assert.match(shown.stdout, /s .*\n\s+changed outside what it owns: notes\/s\.md/);
    const merges = (await repo.git("log", "--merges", "--format=%s", view.result.branch)).trim()
      .split("\n");
    assert.deepEqual(merges.sort(), ids.map((id) => `Merge subtask ${id}: module ${id}`).sort());
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      1,
    );
  } finally {
    for (const worker of workers) worker.kill("SIGTERM");
    for (const worker of workers) {
      await worker.status;
      await worker.stdout.cancel();
      await worker.stderr.cancel();
    }
    await fake.close();
    await sandbox.cleanup();
  }
});
