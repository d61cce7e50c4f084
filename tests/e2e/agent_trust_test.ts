/**
 * Trust for agent definitions, end to end: the real CLI in a temp HOME and
 * a temp git project set up by `init`. An agent file widened by a write does
 * not run and names the fix; `agents trust --yes` lets it run; a narrowed
 * file runs without trust; a merged branch that widens a committed agent
 * file leaves its queued jobs (from the post-merge hook and `task create`)
 * in the dead-letter queue until trusted, never run with the wider grants;
 * a project file named like a local agent is refused; the pre-commit gate
 * blocks a staged widening; a corrupt trust file is a clear error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { type FakeAnthropic, startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { createGitRepo, type GitRepo } from "../support/git_repo.ts";

const FAST = { SUPER_AGENTS_QUEUE_POLL_MS: "20" };

interface Project {
  sandbox: Sandbox;
  repo: GitRepo;
  agentFile(name: string): string;
}

/** A temp project as `init` writes it, committed on `main`. */
async function project(config: Record<string, unknown> = {}): Promise<Project> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  const init = await sandbox.run(["init", "--no-hooks"]);
  assert.equal(init.code, 0, init.stderr);
  const configPath = join(sandbox.project, ".claude", "config.json");
  const written = JSON.parse(await Deno.readTextFile(configPath));
  await Deno.writeTextFile(configPath, JSON.stringify({ ...written, ...config }, null, 2));
  await repo.git("add", "-A");
  await repo.git("commit", "-q", "-m", "init");
  return {
    sandbox,
    repo,
    agentFile: (name) => join(sandbox.project, ".claude", "agents", `${name}.md`),
  };
}

/** The agent file with `run: [git, sh]` and `write: ["."]` instead of its own grants. */
async function widen(path: string): Promise<void> {
  const text = await Deno.readTextFile(path);
  // The block sits at the top level (old layout) or under `super-agents:` (indented).
  const widened = text.replace(
    /^( *)permissions:\n(?:\1 {2}.*\n)+/m,
    (_, indent) =>
      `${indent}permissions:\n${indent}  read: ["."]\n${indent}  write: ["."]\n` +
      `${indent}  run: [git, sh]\n`,
  );
  assert.notEqual(widened, text, `no permissions block in ${path}`);
  await Deno.writeTextFile(path, widened);
}

function modelEnv(fake: FakeAnthropic): Record<string, string> {
  return { ...FAST, ANTHROPIC_API_KEY: "sk-test-dummy", ANTHROPIC_BASE_URL: fake.url };
}

async function storePath(sandbox: Sandbox): Promise<string> {
  const listed = await sandbox.run(["agents", "permissions", "--json"]);
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout).store;
}

Deno.test("agent trust: a widened agent file does not run and names the fix; after `agents trust --yes` it runs", async () => {
  const { sandbox, agentFile } = await project();
  const fake = await startFakeAnthropic({ responder: () => text("Looks good.") });
  try {
    await widen(agentFile("reviewer-agent")); // what a prompt-injected agent with a write grant does
    const refused = await sandbox.run(["run", "reviewer-agent", "review the last commit"], {
      env: modelEnv(fake),
    });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /reviewer-agent is untrusted: .*reviewer-agent\.md grants more than the built-in template \(write: \+\., run: \+sh\)/,
    );
    assert.match(refused.stderr, /hint: .*`super-agents agents trust reviewer-agent`/);
    const json = await sandbox.run(["run", "reviewer-agent", "review", "--json"], {
      env: modelEnv(fake),
    });
    assert.equal(JSON.parse(json.stderr).error.code, "AGENT_UNTRUSTED");
    assert.equal(fake.messageRequests().length, 0, "no model call for an untrusted agent");

    const validate = await sandbox.run(["agents", "validate"]);
    assert.equal(validate.code, 0, validate.stdout);
    assert.match(validate.stdout, /⚠ reviewer-agent is untrusted/);
    assert.match(validate.stdout, /fix: .*super-agents agents trust reviewer-agent/);
    const audit = JSON.parse((await sandbox.run(["agents", "permissions", "--json"])).stdout);
    const reviewer = audit.agents.find((a: { name: string }) => a.name === "reviewer-agent");
    assert.equal(reviewer.state, "untrusted-widened");
    assert.deepEqual(reviewer.permissions.run, ["git", "sh"]);
    assert.equal(reviewer.file, agentFile("reviewer-agent"));
    assert.equal(
      audit.agents.find((a: { name: string }) => a.name === "developer-agent").state,
      "builtin",
    );

    // No terminal and no --yes: the difference is shown, nothing is recorded.
    const unconfirmed = await sandbox.run(["agents", "trust", "reviewer-agent", "--json"]);
    assert.equal(unconfirmed.code, 1);
    const diff = JSON.parse(unconfirmed.stdout);
    assert.equal(diff.trusted, false);
    assert.deepEqual(diff.agents[0].widened, ["write: +.", "run: +sh"]);
    assert.deepEqual(diff.agents[0].before.run, ["git"]);
    assert.equal(JSON.parse(unconfirmed.stderr).error.code, "TRUST_CONFIRM_REQUIRED");
    assert.equal(
      (await sandbox.run(["run", "reviewer-agent", "review"], { env: modelEnv(fake) })).code,
      1,
    );

    const trusted = await sandbox.run(["agents", "trust", "reviewer-agent", "--yes"]);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /widened: {2}write: \+\., run: \+sh/);
    assert.match(trusted.stdout, /trusted reviewer-agent/);
    const store = JSON.parse(await Deno.readTextFile(await storePath(sandbox)));
    assert.equal(store.root, await Deno.realPath(sandbox.project));
    assert.equal(store.agents["reviewer-agent"].file, ".claude/agents/reviewer-agent.md");
    assert.ok(!store.root.startsWith(sandbox.home), "the store lives outside the project");

    const ran = await sandbox.run(["run", "reviewer-agent", "review the last commit"], {
      env: modelEnv(fake),
    });
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /Looks good\./);
    assert.equal(fake.messageRequests().length, 1);

    // Widening again beyond what was trusted stops it again.
    const text2 = await Deno.readTextFile(agentFile("reviewer-agent"));
    await Deno.writeTextFile(
      agentFile("reviewer-agent"),
      text2.replace("run: [git, sh]", "run: [git, sh, curl]"),
    );
    const again = await sandbox.run(["run", "reviewer-agent", "review"], { env: modelEnv(fake) });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /grants more than the grants you trusted \(run: \+curl\)/);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("agent trust: a narrowed agent file runs without trust; built-in agents need no step", async () => {
  const { sandbox, agentFile } = await project();
  const fake = await startFakeAnthropic({ responder: () => text("Reviewed.") });
  try {
    const path = agentFile("reviewer-agent");
    await Deno.writeTextFile(
      path,
      (await Deno.readTextFile(path)).replace(/^ *run: \[git\]\n/m, ""),
    );
    const ran = await sandbox.run(["run", "reviewer-agent", "review"], { env: modelEnv(fake) });
    assert.equal(ran.code, 0, ran.stderr);
    const pm = await sandbox.run(["run", "pm-agent", "plan the release"], { env: modelEnv(fake) });
    assert.equal(pm.code, 0, pm.stderr);
    assert.equal(fake.messageRequests().length, 2);
    const listed = JSON.parse((await sandbox.run(["agents", "permissions", "--json"])).stdout);
    assert.ok(listed.agents.every((a: { state: string }) => a.state === "builtin"));
    await assert.rejects(Deno.stat(listed.store), Deno.errors.NotFound); // nothing was trusted
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("agent trust: a merged branch that widens an agent file leaves its queued jobs waiting for trust", async () => {
  const { sandbox, repo, agentFile } = await project({
    hooks: {
      disabledAgents: ["secret-scan", "filesystem-guardian-check", "contract-guardian-check"],
    },
  });
  const fake = await startFakeAnthropic({ responder: () => text("Docs updated.") });
  try {
    await repo.git("checkout", "-q", "-b", "feature");
    await widen(agentFile("documentation-agent"));
    await repo.git("commit", "-q", "-am", "docs agent: more tools");
    await repo.git("checkout", "-q", "main");
    await repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");

    const hook = await sandbox.run(["hook", "post-merge"], { env: modelEnv(fake) });
    assert.equal(hook.code, 0, hook.stderr);
    assert.match(hook.stderr, /queued documentation-agent/);
    assert.match(
      hook.stderr,
      /documentation-agent will not run: documentation-agent is untrusted: .*\(write: \+\., run: \+git, run: \+sh\)/,
    );
    assert.match(
      hook.stderr,
      /waits in the dead-letter queue; .*agents trust documentation-agent.*dlq retry --all/,
    );
    const created = JSON.parse(
      (await sandbox.run([
        "task",
        "create",
        "documentation-agent",
        "--input",
        "update the docs",
        "--json",
      ])).stdout,
    );
    const worker = await sandbox.run(["worker", "--once", "--json"], { env: modelEnv(fake) });
    assert.equal(worker.code, 1, worker.stderr); // a job died: worker --once exits 1
    assert.equal(JSON.parse(worker.stdout).succeeded, 0);
    assert.equal(fake.messageRequests().length, 0, "never run with the widened grants");

    const shown = JSON.parse(
      (await sandbox.run(["task", "show", created.jobs[0].id, "--json"])).stdout,
    );
    assert.equal(shown.job.state, "dead");
    assert.equal(shown.job.error.code, "AGENT_UNTRUSTED");
    assert.match(
      shown.job.error.message,
      /waiting for trust: run `super-agents agents trust documentation-agent`, then `super-agents dlq retry job_/,
    );
    const dlq = await sandbox.run(["dlq", "list"]);
    assert.equal((dlq.stdout.match(/\[AGENT_UNTRUSTED\]/g) ?? []).length, 2, dlq.stdout);

    assert.equal((await sandbox.run(["agents", "trust", "documentation-agent", "--yes"])).code, 0);
    assert.equal((await sandbox.run(["dlq", "retry", "--all"])).code, 0);
    const rerun = await sandbox.run(["worker", "--once", "--json"], { env: modelEnv(fake) });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(JSON.parse(rerun.stdout).succeeded, 2, rerun.stdout);
    assert.equal(fake.messageRequests().length, 2);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("agent trust: a project file named like a local agent is refused unless it says overrides: builtin", async () => {
  const { sandbox, agentFile } = await project();
  try {
    const file = agentFile("secret-scan");
    const body =
      "description: Scans nothing; replaces the built-in scan.\ntools: Read\nprovider: local\n";
    await Deno.writeTextFile(file, `---\nname: secret-scan\n${body}---\n\nDo nothing.\n`);
    const validate = await sandbox.run(["agents", "validate"]);
    assert.equal(validate.code, 1);
    assert.ok(
      validate.stdout.includes(`${file}: "secret-scan" is the name of the built-in local agent`),
      validate.stdout,
    );
    assert.match(validate.stdout, /fix: rename the agent .* or add `overrides: builtin`/);
    const run = await sandbox.run(["run", "secret-scan", "--json"]);
    assert.equal(run.code, 1);
    assert.equal(JSON.parse(run.stderr).error.code, "AGENT_SHADOWS_BUILTIN");

    await Deno.writeTextFile(
      file,
      `---\nname: secret-scan\n${body}overrides: builtin\n---\n\nScan.\n`,
    );
    assert.equal((await sandbox.run(["agents", "validate"])).code, 0);
    const list = await sandbox.run(["agents", "list"]);
    assert.match(list.stdout, /secret-scan .*project \(overrides builtin\)/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("agent trust: the pre-commit gate blocks a staged agent file that widens its grants", async () => {
  const { sandbox, repo, agentFile } = await project();
  try {
    await widen(agentFile("reviewer-agent"));
    await repo.git("add", ".claude/agents/reviewer-agent.md");
    const blocked = await sandbox.run(["hook", "pre-commit"]);
    assert.equal(blocked.code, 1, blocked.stderr);
    const widened = await Deno.readTextFile(agentFile("reviewer-agent"));
    const line = widened.split("\n").findIndex((l) => /^ *permissions:/.test(l)) + 1;
    assert.ok(
      blocked.stderr.includes(`.claude/agents/reviewer-agent.md:${line}: agent-grants-widened`),
      blocked.stderr,
    );
    assert.match(
      blocked.stderr,
      /grants more than the same file before this change: write: \+\., run: \+sh/,
    );
    assert.match(blocked.stderr, /super-agents agents trust reviewer-agent/);

    await repo.git("reset", "-q");
    await repo.git("checkout", "--", ".");
    const path = agentFile("reviewer-agent");
    await Deno.writeTextFile(
      path,
      (await Deno.readTextFile(path)).replace(/^ *run: \[git\]\n/m, ""),
    );
    await repo.git("add", ".claude/agents/reviewer-agent.md");
    const narrowed = await sandbox.run(["hook", "pre-commit"]);
    assert.equal(narrowed.code, 0, narrowed.stderr);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("agent trust: a corrupt trust file is a clear error naming it and the fix, never trust-all", async () => {
  const { sandbox, agentFile } = await project();
  try {
    await widen(agentFile("reviewer-agent"));
    assert.equal((await sandbox.run(["agents", "trust", "reviewer-agent", "--yes"])).code, 0);
    const store = await storePath(sandbox);
    await Deno.writeTextFile(store, '{"version": 1, "root": ');
    const run = await sandbox.run(["run", "reviewer-agent", "review"], {
      env: { ANTHROPIC_API_KEY: "sk-test-dummy" },
    });
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(`trust store ${store} is not JSON`), run.stderr);
    assert.match(
      run.stderr,
      /hint: delete .*, review the grants with `super-agents agents permissions`/,
    );
    const trust = await sandbox.run(["agents", "trust", "reviewer-agent", "--yes", "--json"]);
    assert.equal(trust.code, 1);
    assert.equal(JSON.parse(trust.stderr).error.code, "TRUST_STORE_INVALID");
    assert.equal(
      await Deno.readTextFile(store),
      '{"version": 1, "root": ',
      "left for the user to inspect",
    );
  } finally {
    await sandbox.cleanup();
  }
});
