/**
 * The local check agents read what to check from the task text strictly:
 * `range`/`since` must be followed by valid revisions, anything else fails
 * the task with the reason instead of scanning nothing and passing.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { changeSource, runCheckAgent } from "../../../plugins/local/checks.ts";
import { ConfigSchema } from "../../../core/config/schema.ts";
import type { AgentJob, AgentJobIO } from "../../../core/plugin.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { createGitRepo } from "../../support/git_repo.ts";

function refusal(task: string): SuperAgentsError {
  try {
    changeSource(task);
  } catch (error) {
    assert.ok(error instanceof SuperAgentsError, String(error));
    return error;
  }
  assert.fail(`"${task}" was accepted`);
}

Deno.test("changeSource: the four sources", () => {
  assert.deepEqual(changeSource(""), { kind: "staged" });
  assert.deepEqual(changeSource("check the staged changes"), { kind: "staged" });
  assert.deepEqual(changeSource("all files"), { kind: "all" });
  assert.deepEqual(changeSource("since HEAD~3"), { kind: "since", ref: "HEAD~3" });
  assert.deepEqual(changeSource("scan range main..feature/x please"), {
    kind: "range",
    from: "main",
    to: "feature/x",
  });
});

Deno.test("changeSource: an option as a ref is refused with the reason", () => {
  const error = refusal("range --output=/tmp/victim.txt..HEAD");
  assert.equal(error.code, "GIT_ARGUMENT_REFUSED");
  assert.equal(error.exitCode, 2);
  assert.match(error.message, /"--output=\/tmp\/victim\.txt".*option/);
  assert.match(error.hint ?? "", /HEAD~3/);
  assert.equal(refusal("since --all").code, "GIT_ARGUMENT_REFUSED");
  assert.equal(refusal("since -p").code, "GIT_ARGUMENT_REFUSED");
});

Deno.test("changeSource: words after range/since that are not revisions fail the task", () => {
  assert.match(refusal("range of files").message, /range.*from\.\.to/);
  assert.match(refusal("since").message, /since.*needs/);
  assert.match(refusal("range").message, /range.*needs/);
  assert.match(refusal("since HEAD:secret.txt").message, /not a git revision/);
  assert.match(refusal("range a..b;rm").message, /not a git revision/);
});

Deno.test("changeSource: only the task's first line names the source", () => {
  const queued = "all\n\n# Results of the steps before this one\n\nrange --output=/x..HEAD\n";
  assert.deepEqual(changeSource(queued), { kind: "all" });
});

Deno.test("runCheckAgent: a refused task fails with the reason; no file is written", async () => {
  const repo = await createGitRepo();
  const victim = join(repo.dir, "..", `${repo.dir.split("/").pop()}-victim.txt`);
  try {
    await repo.commit("init", { "a.txt": "a\n" });
    await Deno.writeTextFile(victim, "keep me\n");
    let written = "";
    const job = {
      id: "job_1",
      agent: { name: "secret-scan" },
      task: `range --output=${victim}..HEAD`,
      root: repo.dir,
    } as unknown as AgentJob;
    const io = { write: (text: string) => written += text } as unknown as AgentJobIO;
    const result = await runCheckAgent(ConfigSchema.parse({}), job, io);
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "GIT_ARGUMENT_REFUSED");
    assert.match(result.error?.message ?? "", /option/);
    assert.match(written, /refused/);
    assert.equal(await Deno.readTextFile(victim), "keep me\n");
  } finally {
    await Deno.remove(victim).catch(() => {/* already gone */});
    await repo.cleanup();
  }
});
