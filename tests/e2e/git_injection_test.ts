/**
 * Option injection and hostile git config, end to end through the real CLI:
 * task text that would become a git option (`range --output=<file>..HEAD`)
 * is refused on every way in — `run`, `task create` + `worker --once`, MCP
 * `task_create` — and the victim file keeps its bytes; a repository whose
 * `.git/config` and `.gitattributes` name programs (fsmonitor, gpg, diff
 * drivers, filters, pager) never gets them run by `check --all`, `run
 * secret-scan all` or the hooks.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import { createGitRepo, type GitRepo } from "../support/git_repo.ts";
import { callTool, connectStdio } from "../support/mcp_client.ts";
import { json, queueSandbox } from "./queue_fixture.ts";

const FAST = { SUPER_AGENTS_QUEUE_POLL_MS: "20" };
const VICTIM_BYTES = "precious data that must survive\n";

interface Fixture {
  sandbox: Sandbox;
  repo: GitRepo;
  victim: string;
  cleanup(): Promise<void>;
}

/** A project that is a git repository with one commit, and a victim file outside it. */
async function fixture(): Promise<Fixture> {
  const sandbox = await queueSandbox();
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("init", { "src/a.ts": "export const a = 1;\n" });
  const victim = join(sandbox.home, "victim.txt");
  await Deno.writeTextFile(victim, VICTIM_BYTES);
  return { sandbox, repo, victim, cleanup: () => sandbox.cleanup() };
}

function attack(victim: string): string {
  return `range --output=${victim}..HEAD`;
}

async function assertIntact(victim: string): Promise<void> {
  assert.equal(await Deno.readTextFile(victim), VICTIM_BYTES, "the victim file was changed");
}

Deno.test("git injection: `run secret-scan` refuses an option as a ref; the file stays", async () => {
  const { sandbox, victim, cleanup } = await fixture();
  try {
    const result = await sandbox.run(["run", "secret-scan", attack(victim)]);
    await assertIntact(victim);
    assert.notEqual(result.code, 0, result.stdout);
    const said = result.stdout + result.stderr;
    assert.match(said, /--output=.*option/);
    assert.doesNotMatch(said, /passed/);
  } finally {
    await cleanup();
  }
});

Deno.test("git injection: a queued task with an option as a ref dies with the reason", async () => {
  const { sandbox, victim, cleanup } = await fixture();
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "secret-scan",
      "--input",
      attack(victim),
    ]);
    const id = created.jobs[0].id;
    const run = await sandbox.run(["worker", "--once", "--json"], { env: FAST });
    assert.equal(run.code, 1, run.stderr); // a job died: worker --once exits 1
    await assertIntact(victim);
    const { job } = await json(sandbox, ["task", "show", id]);
    assert.ok(["dead", "failed"].includes(job.state), `job ended ${job.state}`);
    assert.equal(job.error.code, "GIT_ARGUMENT_REFUSED");
    assert.match(job.error.message, /--output=.*option/);
  } finally {
    await cleanup();
  }
});

Deno.test("git injection: MCP task_create with an option as a ref leaves the file intact", async () => {
  const { sandbox, victim, cleanup } = await fixture();
  const client = await connectStdio(sandbox.project, sandbox.env);
  try {
    const created = await callTool(client, "task_create", {
      agent: "secret-scan",
      task: attack(victim),
    });
    assert.equal(created.isError, false, created.text);
    const run = await sandbox.run(["worker", "--once", "--json"], { env: FAST });
    assert.equal(run.code, 1, run.stderr); // a job died: worker --once exits 1
    await assertIntact(victim);
    const status = await callTool(client, "task_status", { id: created.json.task.id });
    assert.ok(["dead", "failed"].includes(status.json.state), status.text);
    assert.equal(status.json.error.code, "GIT_ARGUMENT_REFUSED");
  } finally {
    await client.close();
    await cleanup();
  }
});

/** Makes the repository's config and attributes name marker-writing programs everywhere. */
async function hostileConfig(repo: GitRepo, marker: string): Promise<void> {
  const script = join(repo.dir, ".git", "evil.sh");
  // Reads its stdin (filters and fsmonitor write to it), records that it ran, echoes nothing.
  await Deno.writeTextFile(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat >/dev/null\n`, {
    mode: 0o755,
  });
  await repo.commit("attributes", {
    ".gitattributes": "* diff=evil filter=evil\n",
    "src/b.ts": "export const b = 2;\n",
  });
  for (
    const [key, value] of [
      ["core.fsmonitor", script],
      ["core.pager", script],
      ["diff.external", script],
      ["diff.evil.textconv", script],
      ["diff.evil.command", script],
      ["filter.evil.clean", script],
      ["filter.evil.smudge", script],
      ["log.showSignature", "true"],
      ["gpg.program", script],
    ]
  ) await repo.git("config", key, value);
}

/** Commits HEAD's tree again with a (fake) signature, so `log.showSignature` would verify it. */
async function signedCommit(repo: GitRepo, parent: string): Promise<string> {
  const tree = (await repo.git("rev-parse", `${parent}^{tree}`)).trim();
  await Deno.writeTextFile(
    join(repo.dir, ".git", "signed-commit.txt"),
    `tree ${tree}\nparent ${parent}\nauthor a <a@example.com> 1700000000 +0000\n` +
      `committer a <a@example.com> 1700000000 +0000\n` +
      `gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\nsigned\n`,
  );
  const sha = (await repo.git("hash-object", "-t", "commit", "-w", ".git/signed-commit.txt"))
    .trim();
  await repo.git("update-ref", "HEAD", sha);
  return sha;
}

async function markerText(marker: string): Promise<string> {
  return await Deno.readTextFile(marker).catch(() => "");
}

Deno.test("git injection: the repository's config runs no program in check, run and hooks", async () => {
  const { sandbox, repo, cleanup } = await fixture();
  const marker = join(sandbox.home, "marker.txt");
  try {
    await hostileConfig(repo, marker);
    const base = (await repo.git("rev-parse", "HEAD")).trim();
    const head = await signedCommit(repo, base);
    await repo.write("src/c.ts", "export const c = 3;\n");
    await repo.git("add", "src/c.ts"); // runs the filter and fsmonitor: git's own doing, not ours
    await Deno.remove(marker).catch(() => {/* setup wrote no marker */});

    const check = await sandbox.run(["check", "--all"]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(await markerText(marker), "", "check --all ran a configured program");

    const run = await sandbox.run(["run", "secret-scan", "all"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /secret-scan: 0 finding\(s\) in [1-9]\d* file\(s\) \(all\), passed/);
    assert.equal(await markerText(marker), "", "run secret-scan all ran a configured program");

    const staged = await sandbox.run(["hook", "pre-commit"]);
    assert.equal(staged.code, 0, staged.stdout + staged.stderr);
    assert.equal(await markerText(marker), "", "the pre-commit hook ran a configured program");

    const push = await sandbox.run(["hook", "pre-push", "origin"], {
      stdin: `refs/heads/main ${head} refs/heads/main ${base}\n`,
    });
    assert.equal(push.code, 0, push.stdout + push.stderr);
    assert.equal(await markerText(marker), "", "the pre-push hook ran a configured program");

    const posted = await sandbox.run(["hook", "post-commit"]);
    assert.equal(posted.code, 0, posted.stdout + posted.stderr);
    assert.equal(await markerText(marker), "", "the post-commit hook ran a configured program");
  } finally {
    await cleanup();
  }
});
