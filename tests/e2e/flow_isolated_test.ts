/**
 * `isolation: worktree` in an agent's file, outside a flow: its queued job
 * runs in its own worktree from HEAD with a write grant of only that
 * worktree (the user's file, written by absolute path, is refused), its
 * change is committed on `super-agents/<job>/work`, the worktree goes and
 * the branch is the job's result, which `flow apply <job>` brings in. An
 * agent without the key writes the working tree as before; with the key
 * outside a git repository the job is refused with the reason.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { flowSandbox, toolResults } from "./flow_fixture.ts";
import { json, queueSandbox } from "./queue_fixture.ts";

function agentFile(name: string, isolation: boolean): string {
  return `---
name: ${name}
description: Finalises the notes file when asked to, nothing else at all.
tools: Read, Write
model: sonnet
${isolation ? "isolation: worktree\n" : ""}super-agents:
  version: ${name}_20990101
  permissions:
    read: ["."]
    write: ["."]
---

You finalise notes.
`;
}

async function addAgent(sandbox: Sandbox, name: string, isolation: boolean): Promise<void> {
  await Deno.mkdir(join(sandbox.project, ".claude", "agents"), { recursive: true });
  await Deno.writeTextFile(
    join(sandbox.project, ".claude", "agents", `${name}.md`),
    agentFile(name, isolation),
  );
  const trusted = await sandbox.run(["agents", "trust", name, "--yes"]);
  assert.equal(trusted.code, 0, trusted.stderr);
}

Deno.test("isolation: worktree: a queued job works on its own branch; flow apply brings it in", async () => {
  const { sandbox, repo } = await flowSandbox({ "notes.md": "draft\n" });
  await addAgent(sandbox, "notes-agent", true);
  await addAgent(sandbox, "plain-agent", false);
  const fake = await startFakeAnthropic({
    responder: (body) => {
      const turn = body.messages.filter((m: { role: string }) => m.role === "assistant").length;
      const plain = JSON.stringify(body.messages[0]).includes("plain");
      if (turn === 0 && !plain) {
        return toolUse("Write", {
          file_path: join(sandbox.project, "notes.md"),
          content: "escaped\n",
        });
      }
      if (turn <= 1) {
        return toolUse("Write", { file_path: "notes.md", content: plain ? "plain\n" : "final\n" });
      }
      return text("done");
    },
  });
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "notes-agent",
      "--input",
      "finalise notes",
    ]);
    const id: string = created.jobs[0].id;
    const worker = await sandbox.run(["worker", "--once", "--json"], env);
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);
    const [escape] = toolResults(fake.requests, () => true);
    assert.match(escape, /sandbox/, "the user's file by absolute path is refused");
    assert.equal(await Deno.readTextFile(join(sandbox.project, "notes.md")), "draft\n");

    const view = await json(sandbox, ["flow", "show", id]);
    assert.equal(view.state, "ready", view.attention);
    assert.equal(view.result.branch, `super-agents/${id}/work`);
    assert.deepEqual(view.result.files, ["notes.md"]);
    assert.equal(await repo.git("show", `${view.result.branch}:notes.md`), "final\n");
    await assert.rejects(
      Deno.lstat(join(sandbox.project, ".claude", "worktrees", id)),
      Deno.errors.NotFound,
    );

    const shown = await sandbox.run(["flow", "show", id]);
    assert.match(shown.stdout, new RegExp(`flow ${id}  ready`));
    assert.match(
      shown.stdout,
      /one notes-agent job in its own worktree \(isolation: worktree\), succeeded/,
    );
    const applied = await json(sandbox, ["flow", "apply", id]);
    assert.equal(applied.fastForward, true);
    assert.equal(await Deno.readTextFile(join(sandbox.project, "notes.md")), "final\n");
    assert.equal(await repo.git("branch", "--list", "super-agents/*"), "");

    await json(sandbox, ["task", "create", "plain-agent", "--input", "plain notes"]);
    const again = await sandbox.run(["worker", "--once", "--json"], env);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(
      await Deno.readTextFile(join(sandbox.project, "notes.md")),
      "plain\n",
      "no key: as before",
    );
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("isolation: worktree outside a git repository is refused with the reason", async () => {
  const sandbox = await queueSandbox();
  await addAgent(sandbox, "notes-agent", true);
  const fake = await startFakeAnthropic({ responder: () => text("done") });
  try {
    const created = await json(sandbox, ["task", "create", "notes-agent", "--input", "x"]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(worker.code, 1);
    const { job } = await json(sandbox, ["task", "show", created.jobs[0].id]);
    assert.equal(job.state, "dead");
    assert.equal(job.error.code, "ISOLATION_NEEDS_GIT");
    assert.match(job.error.message, /asks for isolation: worktree, but .* is not a git repository/);
    assert.equal(fake.messageRequests().length, 0, "the model was never called");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("isolation: worktree: run does not let the agent write the working tree unless --here says so", async () => {
  const { sandbox } = await flowSandbox({ "notes.md": "draft\n" });
  await addAgent(sandbox, "notes-agent", true);
  const fake = await startFakeAnthropic({
    responder: (body) => {
      const turn = body.messages.filter((m: { role: string }) => m.role === "assistant").length;
      return turn === 0
        ? toolUse("Write", { file_path: "notes.md", content: "here\n" })
        : text("done");
    },
  });
  const env = { env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } };
  try {
    const refused = await sandbox.run(["run", "notes-agent", "it's final", "--json"], env);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    const { error } = JSON.parse(refused.stdout || refused.stderr);
    assert.equal(error.code, "AGENT_ISOLATED");
    assert.match(error.message, /notes-agent asks for isolation: worktree/);
    assert.match(
      error.hint,
      /super-agents task create notes-agent --input 'it'\\''s final'` then `super-agents worker --once`.*--here/,
    );
    assert.equal(fake.messageRequests().length, 0, "the model was never called");
    assert.equal(await Deno.readTextFile(join(sandbox.project, "notes.md")), "draft\n");

    const here = await sandbox.run(["run", "notes-agent", "finalise", "--here", "--json"], env);
    assert.equal(here.code, 0, here.stdout + here.stderr);
    assert.equal(await Deno.readTextFile(join(sandbox.project, "notes.md")), "here\n");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
