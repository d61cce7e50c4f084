import assert from "node:assert/strict";
import { join } from "node:path";
import { type ChangeSource, readChanges } from "../../../plugins/local_checks/git_changes.ts";
import { repoRoot } from "../../../plugins/local_checks/git_command.ts";
import { createGitRepo } from "../../support/git_repo.ts";

const text = (bytes?: Uint8Array) => bytes && new TextDecoder().decode(bytes);

Deno.test("git changes: staged mode reads the index, not the working tree", async () => {
  const repo = await createGitRepo();
  try {
    await repo.commit("init", { "src/a.ts": "export const a = 1;\n", "old.txt": "bye\n" });
    await repo.stage({ "src/a.ts": "export const a = 2;\n", "src/new.ts": "new\n" });
    await repo.git("rm", "-q", "old.txt");
    await repo.write("src/a.ts", "export const a = 3; // not staged\n");
    await repo.write("untracked.ts", "x\n");
    const { files, changedPaths } = await readChanges({
      root: repo.dir,
      source: { kind: "staged" },
      maxFileBytes: 1024,
      needsPrevious: (path) => path.endsWith(".ts") || path.endsWith(".txt"),
      probes: () => ["old.txt", "src/a.ts", "missing.lock"],
    });
    assert.deepEqual(changedPaths, ["old.txt", "src/a.ts", "src/new.ts"]);
    const [old, a, added] = files;
    assert.deepEqual([old.status, a.status, added.status], ["D", "M", "A"]);
    assert.equal(text(a.content), "export const a = 2;\n");
    assert.equal(text(a.previous), "export const a = 1;\n");
    assert.equal(text(old.previous), "bye\n");
    assert.equal(old.content, undefined);
    assert.equal(added.previous, undefined);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("git changes: size limit, probes, shards, --all and --changed-since", async () => {
  const repo = await createGitRepo();
  try {
    const base = await repo.commit("init", { "package-lock.json": "{}\n", "a.txt": "a\n" });
    await repo.commit("two", { "big.bin": "x".repeat(2000), "b.txt": "b\n" });
    const since = await readChanges({
      root: repo.dir,
      source: { kind: "since", ref: base },
      maxFileBytes: 1000,
      probes: () => ["package-lock.json", "yarn.lock"],
    });
    assert.deepEqual(since.files.map((f) => [f.path, f.size, f.content?.length]), [
      ["b.txt", 2, 2],
      ["big.bin", 2000, undefined], // listed with its size, never read
    ]);
    assert.deepEqual(since.existingPaths, ["package-lock.json"]);
    const all = await readChanges({ root: repo.dir, source: { kind: "all" }, maxFileBytes: 5000 });
    assert.deepEqual(all.files.map((f) => f.path), [
      "a.txt",
      "b.txt",
      "big.bin",
      "package-lock.json",
    ]);
    const shard = await readChanges({
      root: repo.dir,
      source: { kind: "all" },
      maxFileBytes: 5000,
      select: (path) => path.startsWith("b"),
    });
    assert.deepEqual(shard.files.map((f) => f.path), ["b.txt", "big.bin"]);
    assert.equal(shard.changedPaths.length, 4);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("git changes: outside a repository the error names the fix", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      repoRoot(dir),
      (error: Error & { hint?: string }) =>
        /not a git repository/.test(error.message) && /git init/.test(error.hint ?? ""),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("git changes: a ref that is an option is refused before git runs; the file stays", async () => {
  const repo = await createGitRepo();
  const victim = join(repo.dir, "..", `${repo.dir.split("/").pop()}-victim.txt`);
  try {
    await repo.commit("init", { "a.txt": "a\n" });
    await Deno.writeTextFile(victim, "keep me\n");
    const sources: ChangeSource[] = [
      { kind: "range", from: `--output=${victim}`, to: "HEAD" },
      { kind: "range", from: "HEAD", to: `--output=${victim}` },
      { kind: "since", ref: `--output=${victim}` },
      { kind: "range", from: "HEAD:a.txt", to: "HEAD" },
    ];
    for (const source of sources) {
      await assert.rejects(
        readChanges({ root: repo.dir, source, maxFileBytes: 1024 }),
        (error: Error & { code?: string; exitCode?: number }) =>
          error.code === "GIT_ARGUMENT_REFUSED" && error.exitCode === 2,
        JSON.stringify(source),
      );
    }
    assert.equal(await Deno.readTextFile(victim), "keep me\n");
  } finally {
    await Deno.remove(victim).catch(() => {/* already gone */});
    await repo.cleanup();
  }
});

Deno.test("git changes: a revision that does not exist fails instead of listing nothing", async () => {
  const repo = await createGitRepo();
  try {
    await repo.commit("init", { "a.txt": "a\n" });
    await assert.rejects(
      readChanges({
        root: repo.dir,
        source: { kind: "since", ref: "no-such-branch" },
        maxFileBytes: 9,
      }),
      (error: Error & { code?: string }) =>
        error.code === "GIT_FAILED" && /no-such-branch/.test(error.message),
    );
  } finally {
    await repo.cleanup();
  }
});

Deno.test("git changes: blobs over the limit are read into oversizeContent when asked, never into content", async () => {
  const repo = await createGitRepo();
  try {
    await repo.stage({
      "big.txt": "x".repeat(5000) + "\n",
      "small.txt": "s\n",
      "huge.txt": "y".repeat(9000),
    });
    const { files } = await readChanges({
      root: repo.dir,
      source: { kind: "staged" },
      maxFileBytes: 1024,
      readOversize: 8192,
    });
    const [big, huge, small] = files;
    assert.equal(big.content, undefined);
    assert.equal(big.oversizeContent?.length, 5001);
    assert.equal(big.size, 5001);
    assert.equal(huge.oversizeContent, undefined, "over readOversize too: not read at all");
    assert.equal(huge.size, 9000);
    assert.equal(text(small.content), "s\n");
    assert.equal(small.oversizeContent, undefined);
    const without = await readChanges({
      root: repo.dir,
      source: { kind: "staged" },
      maxFileBytes: 1024,
    });
    assert.equal(without.files[0].oversizeContent, undefined);
  } finally {
    await repo.cleanup();
  }
});
