/**
 * A developer of a parallel flow may write only its own worktree: writes to
 * the user's working tree (by absolute path), to another developer's
 * worktree (relative and absolute) and to its worktree's `.git` file are
 * refused by its sandbox, and what it may write lands on its branch and in
 * the flow's result. Repositories a worktree cannot hold faithfully
 * (submodules, Git LFS) are refused with the reason, and the flow says it
 * needs attention.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { byRole, flowSandbox, planReply, toolResults } from "./flow_fixture.ts";
import { json } from "./queue_fixture.ts";

Deno.test("flow sandbox: a developer cannot write the user's tree or another worktree", async () => {
  const { sandbox, repo } = await flowSandbox({
    "a.ts": "export const a = 1;\n",
    "b.ts": "export const b = 1;\n",
  });
  const fake = await startFakeAnthropic();
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "bump both constants",
    ]);
    const flow: string = created.flow;
    assert.deepEqual(created.jobs.map((j: { node: string }) => j.node), [
      "pm",
      "architect",
      "plan",
    ]);
    const other = join(sandbox.project, ".claude", "worktrees", flow, "dev-b");
    fake.setResponder(byRole((role) => {
      if (role.kind === "architect") {
        return [planReply([
          { id: "a", title: "bump a", owns: ["a.ts"] },
          { id: "b", title: "bump b", owns: ["b.ts"] },
        ])];
      }
      if (role.kind === "developer" && role.subtask === "a") {
        return [
          toolUse("Write", { file_path: join(sandbox.project, "a.ts"), content: "hacked\n" }),
          toolUse("Write", { file_path: "../dev-b/b.ts", content: "hacked\n" }),
          toolUse("Write", { file_path: join(other, "b.ts"), content: "hacked\n" }),
          toolUse("Write", { file_path: ".git", content: "gitdir: /tmp/elsewhere\n" }),
          toolUse("Write", { file_path: "a.ts", content: "export const a = 2;\n" }),
          text("bumped a"),
        ];
      }
      if (role.kind === "developer" && role.subtask === "b") {
        return [
          toolUse("Write", { file_path: "b.ts", content: "export const b = 2;\n" }),
          text("bumped b"),
        ];
      }
      return undefined;
    }));
    const worker = await sandbox.run(["worker", "--once", "--json"], env);
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);

    const refused = toolResults(fake.requests, (r) => r.kind === "developer" && r.subtask === "a");
    assert.equal(refused.length, 5);
    for (const result of refused.slice(0, 4)) {
      assert.match(result, /sandbox boundary|permission denied by this agent's sandbox/, result);
    }
    assert.doesNotMatch(refused[4], /sandbox|denied/);
    assert.equal(await Deno.readTextFile(join(sandbox.project, "a.ts")), "export const a = 1;\n");
    assert.equal(await Deno.readTextFile(join(sandbox.project, "b.ts")), "export const b = 1;\n");

    const view = await json(sandbox, ["flow", "show", flow]);
    assert.equal(view.state, "ready", JSON.stringify(view.attention));
    const branch = view.result.branch;
    assert.equal(await repo.git("show", `${branch}:a.ts`), "export const a = 2;\n");
    assert.equal(await repo.git("show", `${branch}:b.ts`), "export const b = 2;\n");
    assert.deepEqual(view.subtasks.map((s: { files: string[] }) => s.files), [["a.ts"], ["b.ts"]]);
    assert.equal(await repo.git("rev-parse", "--abbrev-ref", "HEAD"), "main\n", "still on main");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("flow sandbox: submodules and LFS pointers are refused with the reason", async () => {
  const fake = await startFakeAnthropic({ responder: () => text("ok") });
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  const cases: { name: string; files: Record<string, string>; code: string; message: RegExp }[] = [
    {
      name: "lfs",
      files: { ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", "a.ts": "1\n" },
      code: "FLOW_LFS_UNSUPPORTED",
      message: /Git LFS \(\.gitattributes\)/,
    },
    {
      name: "submodule",
      files: { ".gitmodules": '[submodule "lib"]\n\tpath = lib\n\turl = ../lib\n', "a.ts": "1\n" },
      code: "FLOW_SUBMODULES_UNSUPPORTED",
      message: /git submodules/,
    },
  ];
  try {
    for (const c of cases) {
      const { sandbox } = await flowSandbox(c.files);
      try {
        const created = await json(sandbox, [
          "task",
          "create",
          "--pipeline",
          "software",
          "--input",
          "x",
        ]);
        const worker = await sandbox.run(["worker", "--once", "--json"], env);
        assert.equal(worker.code, 1, `${c.name}: the architect's job died`);
        const view = await json(sandbox, ["flow", "show", created.flow]);
        assert.equal(view.state, "needs-attention", c.name);
        const architect = view.jobs.find((j: { node: string }) => j.node === "architect");
        assert.equal(architect.state, "dead", c.name);
        assert.equal(architect.error.code, c.code);
        assert.match(architect.error.message, c.message);
        assert.match(view.attention, /architect dead/);
        const worktrees = join(sandbox.project, ".claude", "worktrees", created.flow);
        await assert.rejects(Deno.lstat(worktrees), Deno.errors.NotFound, "no worktree made");
      } finally {
        await sandbox.cleanup();
      }
    }
  } finally {
    await fake.close();
  }
});
