/**
 * Worktrees under concurrency and refusal, on real git repositories: many
 * jobs adding, committing and removing worktrees of one repository at once
 * all succeed (the project's worktree lock makes them take turns where git
 * would fail one); a worktree reset for a new attempt loses the old
 * attempt's files; submodules and LFS are refused with the reason.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";
import { projectPaths } from "../../../core/paths.ts";
import {
  ensureWorktree,
  flowBranches,
  flowWorktree,
  removeFlowWorktrees,
  removeWorktree,
} from "../../../plugins/flows/worktrees.ts";
import { commitWorktree } from "../../../plugins/flows/commit_worktree.ts";
import { requireWorktreeSupport } from "../../../plugins/flows/worktree_support.ts";
import { createGitRepo } from "../../support/git_repo.ts";

Deno.test("worktrees: eight jobs add, commit and remove worktrees of one repository at once", async () => {
  const repo = await createGitRepo();
  try {
    const base = await repo.commit("base", { "a.ts": "a\n" });
    const paths = projectPaths(repo.dir);
    const names = Array.from({ length: 8 }, (_, i) => `dev-${i}`);
    const commits = await Promise.all(names.map(async (name) => {
      const worktree = flowWorktree(paths, "flow_c", name);
      await ensureWorktree(paths, worktree, base, { reset: true });
      await Deno.writeTextFile(join(worktree.path, `${name}.ts`), `${name}\n`);
      return await commitWorktree(paths, worktree, base, name);
    }));
    assert.deepEqual(commits.map((c) => c.files), names.map((name) => [`${name}.ts`]));
    assert.equal((await flowBranches(repo.dir, "flow_c")).length, 8);
    await repo.git("pack-refs", "--all"); // so each branch deletion rewrites packed-refs under git's lock
    await Promise.all(
      names.slice(0, 6).map((name) =>
        removeWorktree(paths, flowWorktree(paths, "flow_c", name), { deleteBranch: true })
      ),
    );
    await removeFlowWorktrees(paths, "flow_c", { branches: true });
    assert.deepEqual(await flowBranches(repo.dir, "flow_c"), []);
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      1,
    );
    assert.equal(await repo.git("status", "--porcelain"), "", "the user's tree never saw them");
  } finally {
    await repo.cleanup();
  }
});

Deno.test("worktrees: a reset for a new attempt drops the old attempt's files and commits", async () => {
  const repo = await createGitRepo();
  try {
    const base = await repo.commit("base", { "a.ts": "a\n" });
    const paths = projectPaths(repo.dir);
    const worktree = flowWorktree(paths, "flow_r", "dev-a");
    await ensureWorktree(paths, worktree, base, { reset: true });
    await Deno.writeTextFile(join(worktree.path, "a.ts"), "first attempt\n");
    await commitWorktree(paths, worktree, base, "first");
    await Deno.writeTextFile(join(worktree.path, "stray.txt"), "left behind\n");
    const again = await ensureWorktree(paths, worktree, base, { reset: true });
    assert.equal(again.created, false, "the same worktree");
    assert.equal(await Deno.readTextFile(join(worktree.path, "a.ts")), "a\n");
    await assert.rejects(Deno.lstat(join(worktree.path, "stray.txt")), Deno.errors.NotFound);
    assert.equal((await repo.git("rev-parse", worktree.branch)).trim(), base);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("worktrees: submodules and LFS are refused; plain .gitattributes are not", async () => {
  const cases: [Record<string, string>, string | undefined][] = [
    [
      { ".gitmodules": '[submodule "lib"]\n\tpath = lib\n\turl = ../lib\n' },
      "FLOW_SUBMODULES_UNSUPPORTED",
    ],
    [
      { "assets/.gitattributes": "*.psd filter=lfs diff=lfs merge=lfs -text\n" },
      "FLOW_LFS_UNSUPPORTED",
    ],
    [{ ".gitattributes": "*.ts text eol=lf\n", ".gitmodules": "" }, undefined],
  ];
  for (const [files, code] of cases) {
    const repo = await createGitRepo();
    try {
      await repo.commit("base", { "a.ts": "a\n", ...files });
      if (code === undefined) {
        await requireWorktreeSupport(repo.dir);
        continue;
      }
      await assert.rejects(requireWorktreeSupport(repo.dir), (error: unknown) => {
        assert.ok(error instanceof SuperAgentsError);
        assert.equal(error.code, code);
        assert.equal(error.details?.retryable, false);
        assert.match(error.hint ?? "", /super-agents run developer-agent/);
        return true;
      });
    } finally {
      await repo.cleanup();
    }
  }
});

Deno.test("worktrees: a worktree folder deleted by hand is made again at the same path", async () => {
  const repo = await createGitRepo();
  try {
    const base = await repo.commit("base", { "a.ts": "a\n" });
    const paths = projectPaths(repo.dir);
    const worktree = flowWorktree(paths, "flow_d", "dev-a");
    await ensureWorktree(paths, worktree, base, { reset: true });
    await Deno.remove(worktree.path, { recursive: true });
    const again = await ensureWorktree(paths, worktree, base, { reset: true });
    assert.equal(again.created, true);
    assert.equal(await Deno.readTextFile(join(worktree.path, "a.ts")), "a\n");
  } finally {
    await repo.cleanup();
  }
});

Deno.test("worktrees: eight made at once each hold the whole tree, clean, on their own branch", async () => {
  const repo = await createGitRepo();
  try {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`src/m${i % 7}/f${i}.ts`] = `export const f${i} = ${i};\n`;
    const base = await repo.commit("base", files);
    const paths = projectPaths(repo.dir);
    const worktrees = Array.from(
      { length: 8 },
      (_, i) => flowWorktree(paths, "flow_w", `dev-${i}`),
    );
    const placed = await Promise.all(
      worktrees.map((worktree) => ensureWorktree(paths, worktree, base, { reset: true })),
    );
    assert.deepEqual(placed.map((p) => p.created), worktrees.map(() => true));
    for (const worktree of worktrees) {
      const git = (...args: string[]) => repo.git("-C", worktree.path, ...args);
      assert.equal(await git("status", "--porcelain"), "", `${worktree.path} is clean`);
      assert.equal((await git("rev-parse", "HEAD")).trim(), base);
      assert.equal((await git("symbolic-ref", "--short", "HEAD")).trim(), worktree.branch);
      assert.equal((await git("ls-files")).trim().split("\n").length, 120);
      assert.equal(
        await Deno.readTextFile(join(worktree.path, "src/m4/f53.ts")),
        "export const f53 = 53;\n",
      );
    }
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      9,
    );
  } finally {
    await repo.cleanup();
  }
});

Deno.test("worktrees: one added but never checked out (its worker killed) is filled, not committed as deletions", async () => {
  for (const reset of [false, true]) {
    const repo = await createGitRepo();
    try {
      const base = await repo.commit("base", { "a.ts": "a\n", "lib/b.ts": "b\n" });
      const paths = projectPaths(repo.dir);
      const worktree = flowWorktree(paths, "flow_k", "integration");
      await Deno.mkdir(join(repo.dir, ".claude", "worktrees", "flow_k"), { recursive: true });
      // What a worker killed between git's bookkeeping and the checkout leaves: no index, no files.
      await repo.git(
        "worktree",
        "add",
        "--no-checkout",
        "-B",
        worktree.branch,
        worktree.path,
        base,
      );
      assert.notEqual(await repo.git("-C", worktree.path, "status", "--porcelain"), "");
      const again = await ensureWorktree(paths, worktree, base, { reset });
      assert.equal(again.created, false);
      assert.equal(
        await repo.git("-C", worktree.path, "status", "--porcelain"),
        "",
        `reset ${reset}`,
      );
      assert.equal(await Deno.readTextFile(join(worktree.path, "lib/b.ts")), "b\n");
      const committed = await commitWorktree(paths, worktree, base, "nothing");
      assert.deepEqual([committed.changed, committed.files], [false, []]);
    } finally {
      await repo.cleanup();
    }
  }
});

Deno.test("worktrees: removing a flow deletes links an agent planted, never what they point at", async () => {
  const repo = await createGitRepo();
  const outside = await Deno.makeTempDir({ prefix: "sa-outside-" });
  try {
    const base = await repo.commit("base", { "a.ts": "a\n" });
    const paths = projectPaths(repo.dir);
    await Deno.writeTextFile(join(outside, "keep.txt"), "keep\n");
    const kept = flowWorktree(paths, "flow_s", "dev-kept");
    const worktrees = ["dev-a", "dev-b"].map((name) => flowWorktree(paths, "flow_s", name));
    for (const worktree of [...worktrees, kept]) {
      await ensureWorktree(paths, worktree, base, { reset: true });
    }
    await Deno.symlink(outside, join(worktrees[0].path, "escape"));
    await Deno.symlink(outside, join(repo.dir, ".claude", "worktrees", "flow_s", "dev-link"));
    await removeFlowWorktrees(paths, "flow_s", { branches: true, keep: [kept.branch] });
    assert.equal(await Deno.readTextFile(join(outside, "keep.txt")), "keep\n");
    assert.deepEqual(await flowBranches(repo.dir, "flow_s"), [kept.branch]);
    assert.equal(
      (await repo.git("worktree", "list", "--porcelain")).match(/^worktree /gm)?.length,
      1,
      "git's records of the removed worktrees are pruned",
    );
    assert.equal(await repo.git("status", "--porcelain"), "");
  } finally {
    await Deno.remove(outside, { recursive: true });
    await repo.cleanup();
  }
});
