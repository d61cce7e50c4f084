/**
 * `git()` of the local checks against a repository whose own config would
 * start programs: core.fsmonitor, log.showSignature with gpg.program, a
 * pager. None of them runs; the index named by GIT_INDEX_FILE (a hook's
 * temporary index) is still honoured.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { git, gitText } from "../../../plugins/local_checks/git_command.ts";
import { CatFileBatch } from "../../../plugins/local_checks/cat_file_batch.ts";
import { createGitRepo, type GitRepo } from "../../support/git_repo.ts";

/** A script that appends its name to `marker` when anything runs it. */
async function markerScript(repo: GitRepo, name: string, marker: string): Promise<string> {
  const path = join(repo.dir, `.git/${name}.sh`);
  await Deno.writeTextFile(path, `#!/bin/sh\necho ${name} >> '${marker}'\ncat >/dev/null\n`, {
    mode: 0o755,
  });
  return path;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("git command: a repository's core.fsmonitor never runs", async () => {
  const repo = await createGitRepo();
  const marker = join(repo.dir, "..", `${repo.dir.split("/").pop()}-fsmonitor-marker`);
  try {
    await repo.commit("init", { "a.txt": "a\n" });
    await repo.git("config", "core.fsmonitor", await markerScript(repo, "fsmonitor", marker));
    const listed = await gitText(repo.dir, ["ls-files", "-s", "-z"]);
    assert.match(listed, /a\.txt/);
    await git(repo.dir, ["diff", "--raw", "-z", "--cached"]);
    const batch = new CatFileBatch(repo.dir);
    const [info] = await batch.info([":a.txt"]);
    await batch.close();
    assert.equal(info.missing, false);
    assert.equal(await exists(marker), false, "core.fsmonitor ran");
  } finally {
    await Deno.remove(marker).catch(() => {/* not written: the expected case */});
    await repo.cleanup();
  }
});

Deno.test("git command: log.showSignature never starts the repository's gpg.program", async () => {
  const repo = await createGitRepo();
  const marker = join(repo.dir, "..", `${repo.dir.split("/").pop()}-gpg-marker`);
  try {
    const tree = (await repo.git("write-tree")).trim();
    const signed = `tree ${tree}\nauthor a <a@example.com> 1700000000 +0000\n` +
      `committer a <a@example.com> 1700000000 +0000\n` +
      `gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\nsigned\n`;
    await repo.write("commit.txt", signed);
    const sha = (await repo.git("hash-object", "-t", "commit", "-w", "commit.txt")).trim();
    await repo.git("update-ref", "HEAD", sha);
    await repo.git("config", "gpg.program", await markerScript(repo, "gpg", marker));
    await repo.git("config", "log.showSignature", "true");
    await repo.git("config", "core.pager", await markerScript(repo, "pager", marker));
    const header = await gitText(repo.dir, ["log", "-1", "--format=%H %s", "HEAD"]);
    assert.equal(header.trim(), `${sha} signed`);
    assert.equal(await exists(marker), false, "gpg.program or the pager ran");
  } finally {
    await Deno.remove(marker).catch(() => {/* not written: the expected case */});
    await repo.cleanup();
  }
});

Deno.test("git command: GIT_INDEX_FILE from the hook's environment is honoured", async () => {
  const repo = await createGitRepo();
  try {
    await repo.commit("init", { "a.txt": "a\n" });
    const index = join(repo.dir, ".git/other-index");
    await new Deno.Command("git", {
      args: ["read-tree", "--empty"],
      cwd: repo.dir,
      env: { GIT_INDEX_FILE: index },
    }).output();
    const env = (name: string) => name === "GIT_INDEX_FILE" ? index : undefined;
    assert.equal(await gitText(repo.dir, ["ls-files"], { env }), "");
    assert.equal(await gitText(repo.dir, ["ls-files"], { env: () => undefined }), "a.txt\n");
  } finally {
    await repo.cleanup();
  }
});
