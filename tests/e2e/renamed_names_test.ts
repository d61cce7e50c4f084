/**
 * One concept, one name, end to end: the local checks are
 * `contract-guardian-check`, `filesystem-guardian-check`,
 * `test-executor-check` (beside `dependency-check` and `secret-scan`);
 * `agents list` shows only those; every old name (`contract-check`,
 * `fs-guard`, `test-runner`, and the checks' own `contract-guardian`,
 * `filesystem-guardian`, `dependency-guard`) still works wherever a user
 * types it — `run`, `task create`, `check --checks`, `SUPER_AGENTS_SKIP`,
 * the config file's lists — with one deprecation notice on stderr (never on
 * `--json` stdout); `upgrade` rewrites the config file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { createGitRepo, type GitRepo } from "../support/git_repo.ts";
import { projectPaths } from "../../core/paths.ts";
import { writeTrigger } from "../../core/triggers/write_trigger.ts";

const notice = (old: string, current: string) =>
  new RegExp(`"${old}"[^\\n]* is deprecated, use "${current}"`);

async function setup(): Promise<{ sandbox: Sandbox; repo: GitRepo }> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("init", {
    "src/api.ts": "export function parse(s: string): number {\n  return Number(s);\n}\n",
  });
  return { sandbox, repo };
}

/** Stages a file the file-system guardian blocks and the removal of an exported function. */
async function stageBothFindings(repo: GitRepo): Promise<void> {
  await repo.stage({
    ".env": "DEBUG=1\n",
    "src/api.ts": "export function format(n: number): string {\n  return String(n);\n}\n",
  });
}

Deno.test("renamed: agents list shows only the new names; the old ones name no agent of their own", async () => {
  const sandbox = await createSandbox();
  try {
    const listed = await sandbox.run(["agents", "list", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const agents: { name: string; provider?: string }[] = JSON.parse(listed.stdout).agents;
    const names = agents.map((agent) => agent.name);
    for (
      const name of [
        "contract-guardian-check",
        "filesystem-guardian-check",
        "test-executor-check",
        "dependency-check",
        "secret-scan",
        "contract-guardian-agent",
        "filesystem-guardian-agent",
        "test-executor-agent",
        "dependency-agent",
      ]
    ) {
      assert.ok(names.includes(name), `${name} listed`);
    }
    for (const old of ["contract-check", "fs-guard", "test-runner"]) {
      assert.ok(!names.includes(old), `${old} not listed`);
    }
    assert.doesNotMatch(listed.stderr, /is deprecated/);
    const text = await sandbox.run(["agents", "list"]);
    assert.doesNotMatch(text.stdout, /\bfs-guard\b|\bcontract-check\b|\btest-runner\b/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: run fs-guard and run contract-check run the renamed checks, with a notice", async () => {
  const { sandbox, repo } = await setup();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    await stageBothFindings(repo);
    const fs = await sandbox.run(["run", "fs-guard"]);
    assert.equal(fs.code, 1, fs.stdout + fs.stderr);
    assert.match(fs.stdout, /^\.env:\d+ \[error\] forbidden-path/m);
    assert.match(fs.stdout, /filesystem-guardian-check: 1 finding/);
    assert.match(fs.stderr, notice("fs-guard", "filesystem-guardian-check"));
    assert.equal(fs.stderr.match(/is deprecated, use/g)?.length, 1, fs.stderr);

    const contract = await sandbox.run(["run", "contract-check", "--json"]);
    assert.equal(contract.code, 1, contract.stderr);
    const lines = contract.stdout.trim().split("\n");
    for (const line of lines) JSON.parse(line); // stdout stays JSON: the notice is on stderr
    assert.doesNotMatch(contract.stdout, /is deprecated/);
    assert.match(contract.stdout, /removed-export/);
    assert.match(contract.stdout, /contract-guardian-check/);
    assert.match(contract.stderr, notice("contract-check", "contract-guardian-check"));

    // The new names: the same checks, and no notice.
    const current = await sandbox.run(["run", "filesystem-guardian-check"]);
    assert.equal(current.code, 1);
    assert.match(current.stdout, /forbidden-path/);
    assert.doesNotMatch(current.stderr, /is deprecated/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: task create test-runner queues test-executor-check, with a notice", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const created = await sandbox.run(["task", "create", "test-runner", "--json"]);
    assert.equal(created.code, 0, created.stderr);
    const job = JSON.parse(created.stdout);
    assert.equal(job.jobs[0].agent, "test-executor-check");
    assert.match(created.stderr, notice("test-runner", "test-executor-check"));
    const listed = await sandbox.run(["task", "list", "--agent", "test-runner", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).jobs.map((job: { agent: string }) => job.agent),
      ["test-executor-check"],
    );
    assert.match(listed.stderr, notice("test-runner", "test-executor-check"));
    // A name that was never an agent is still refused.
    const unknown = await sandbox.run(["task", "create", "test-runnr"]);
    assert.notEqual(unknown.code, 0);
    assert.doesNotMatch(unknown.stderr, /is deprecated/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: run test-runner runs the project's tests as test-executor-check, with a notice", async () => {
  const sandbox = await createSandbox();
  try {
    await Deno.writeTextFile(join(sandbox.project, "deno.json"), "{}\n");
    await Deno.writeTextFile(
      join(sandbox.project, "sum_test.ts"),
      'Deno.test("sum", () => { if (1 + 1 !== 2) throw new Error("math"); });\n',
    );
    assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
    const result = await sandbox.run(["run", "test-runner"]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /1 passed/);
    assert.match(result.stdout + result.stderr, /test-executor-check completed/);
    assert.match(result.stderr, notice("test-runner", "test-executor-check"));
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: a trigger file naming fs-guard and contract-check queues jobs the worker runs as the renamed checks", async () => {
  const { sandbox, repo } = await setup();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const base = (await repo.git("rev-parse", "HEAD")).trim();
    const head = await repo.commit("remove parse", {
      "src/api.ts": "export function format(n: number): string {\n  return String(n);\n}\n",
    });
    // As left by an older version's hook when the queue was unreachable.
    await writeTrigger(projectPaths(sandbox.project), {
      type: "git.post-commit",
      payload: { commit: head },
      jobs: ["fs-guard", "contract-check"].map((agent) => ({
        agent,
        input: { task: `range ${base}..${head}` },
        idempotencyKey: `post-commit:${agent}:${head}`,
      })),
    });
    const env = { SUPER_AGENTS_QUEUE_POLL_MS: "20", SUPER_AGENTS_QUEUE_MAX_ATTEMPTS: "1" };
    // `--agents` with an old name claims the job queued under it, with a notice ...
    const first = await sandbox.run(["worker", "--once", "--json", "--agents", "fs-guard"], {
      env,
    });
    assert.match(first.stderr, notice("fs-guard", "filesystem-guardian-check"));
    const states = async () =>
      Object.fromEntries(
        JSON.parse((await sandbox.run(["task", "list", "--json"])).stdout).jobs.map((
          job: { agent: string; state: string },
        ) => [job.agent, job.state]),
      );
    assert.equal((await states())["contract-check"], "queued", "the other job is left alone");
    // ... and the current name claims a job queued under the old one.
    const worker = await sandbox.run(
      ["worker", "--once", "--json", "--agents", "contract-guardian-check"],
      { env },
    );
    // The worker resolves the job queued under the old name and tells about it once.
    assert.equal(worker.stderr.match(/"contract-check" is deprecated/g)?.length, 1, worker.stderr);
    const jobs: { agent: string; state: string; error?: { code?: string } }[] = JSON.parse(
      (await sandbox.run(["task", "list", "--json"])).stdout,
    ).jobs;
    const byAgent = Object.fromEntries(jobs.map((job) => [job.agent, job]));
    // The file-system guardian finds nothing in the range; the contract guardian the removed export.
    assert.equal(byAgent["fs-guard"]?.state, "succeeded", worker.stdout + worker.stderr);
    assert.notEqual(byAgent["contract-check"]?.error?.code, "AGENT_NOT_FOUND");
    assert.ok(["failed", "dead"].includes(byAgent["contract-check"]?.state), JSON.stringify(jobs));
    const shown = await sandbox.run([
      "task",
      "show",
      (jobs.find((job) => job.agent === "contract-check") as unknown as { id: string }).id,
    ]);
    assert.match(shown.stdout + shown.stderr, /contract-guardian-check/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: check --checks takes the old names, with one notice each", async () => {
  const { sandbox, repo } = await setup();
  try {
    await stageBothFindings(repo);
    const old = await sandbox.run(["check", "--checks", "fs-guard,contract-guardian", "--json"]);
    assert.equal(old.code, 1, old.stderr);
    const report = JSON.parse(old.stdout);
    assert.deepEqual(
      [...new Set(report.findings.map((f: { check: string }) => f.check))].sort(),
      ["contract-guardian-check", "filesystem-guardian-check"],
    );
    assert.match(old.stderr, notice("fs-guard", "filesystem-guardian-check"));
    assert.doesNotMatch(old.stderr, /upgrade/, "a typed name is not in a config file");
    assert.match(old.stderr, notice("contract-guardian", "contract-guardian-check"));
    assert.equal(old.stderr.match(/is deprecated, use/g)?.length, 2, old.stderr);

    const dependency = await sandbox.run(["check", "--checks", "dependency-guard"]);
    assert.equal(dependency.code, 0, dependency.stdout + dependency.stderr);
    assert.match(dependency.stderr, notice("dependency-guard", "dependency-check"));

    const unknown = await sandbox.run(["check", "--checks", "fs-guardd"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown check "fs-guardd"/);
    assert.match(unknown.stderr, /filesystem-guardian-check/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: SUPER_AGENTS_SKIP with an old name skips the renamed check, with a notice", async () => {
  const { sandbox, repo } = await setup();
  try {
    await repo.stage({ ".env": "DEBUG=1\n" });
    const blocked = await sandbox.run(["check"]);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stdout, /forbidden-path/);
    for (const old of ["filesystem-guardian", "fs-guard"]) {
      const skipped = await sandbox.run(["check", "--json"], {
        env: { SUPER_AGENTS_SKIP: old },
      });
      assert.equal(skipped.code, 0, skipped.stdout + skipped.stderr);
      assert.ok(
        !JSON.parse(skipped.stdout).checks.includes("filesystem-guardian-check"),
        `${old} skips the check`,
      );
      assert.match(skipped.stderr, notice(old, "filesystem-guardian-check"));
    }
    const current = await sandbox.run(["check"], {
      env: { SUPER_AGENTS_SKIP: "filesystem-guardian-check" },
    });
    assert.equal(current.code, 0);
    assert.doesNotMatch(current.stderr, /is deprecated/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("renamed: old names in the config file work with a notice; upgrade rewrites them", async () => {
  const { sandbox, repo } = await setup();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const configPath = join(sandbox.project, ".claude", "config.json");
    const config = JSON.parse(await Deno.readTextFile(configPath));
    config.checks = { ...config.checks, enabled: ["secret-scan", "fs-guard", "dependency-guard"] };
    config.hooks = {
      ...config.hooks,
      prePushChecks: ["contract-check", "contract-guardian-check"],
      disabledAgents: ["test-runner", "security-agent"],
    };
    await Deno.writeTextFile(configPath, JSON.stringify(config, null, 2) + "\n");
    await repo.stage({ ".env": "DEBUG=1\n" });

    const checked = await sandbox.run(["check", "--json"]);
    assert.equal(checked.code, 1, checked.stderr);
    const report = JSON.parse(checked.stdout);
    assert.deepEqual(report.checks, [
      "secret-scan",
      "filesystem-guardian-check",
      "dependency-check",
    ]);
    assert.match(checked.stderr, notice("fs-guard", "filesystem-guardian-check"));
    assert.match(checked.stderr, notice("dependency-guard", "dependency-check"));
    assert.match(
      checked.stderr,
      /config\.json \(checks\.enabled\) is deprecated, use "[a-z-]+" \(`super-agents upgrade` rewrites/,
    );
    // The second run reads the cached configuration: the notice is still printed.
    const cached = await sandbox.run(["check", "--json"]);
    assert.equal(cached.code, 1);
    assert.match(cached.stderr, notice("fs-guard", "filesystem-guardian-check"));
    assert.equal(cached.stderr.match(/is deprecated, use/g)?.length, 4, cached.stderr);

    const listed: { key: string; value: unknown }[] = JSON.parse(
      (await sandbox.run(["config", "list", "--json"])).stdout,
    );
    const value = (key: string) => listed.find((entry) => entry.key === key)?.value;
    assert.deepEqual(value("hooks.prePushChecks"), ["contract-guardian-check"]);
    assert.deepEqual(value("hooks.disabledAgents"), ["test-executor-check", "security-agent"]);

    const dry = await sandbox.run(["upgrade", "--dry-run", "--json"]);
    assert.equal(dry.code, 0, dry.stderr);
    const planned = JSON.parse(dry.stdout).steps.find((step: { detail?: string }) =>
      step.detail?.startsWith("renamed")
    );
    assert.equal(planned.path, ".claude/config.json");
    assert.match(planned.detail, /fs-guard → filesystem-guardian-check/);
    assert.match(await Deno.readTextFile(configPath), /"fs-guard"/, "a dry run writes nothing");

    const upgraded = await sandbox.run(["upgrade"]);
    assert.equal(upgraded.code, 0, upgraded.stderr);
    assert.match(upgraded.stdout, /\.claude\/config\.json/);
    assert.match(upgraded.stdout, /test-runner → test-executor-check/);
    const rewritten = JSON.parse(await Deno.readTextFile(configPath));
    assert.deepEqual(rewritten.checks.enabled, [
      "secret-scan",
      "filesystem-guardian-check",
      "dependency-check",
    ]);
    assert.deepEqual(rewritten.hooks.prePushChecks, ["contract-guardian-check"]);
    assert.deepEqual(rewritten.hooks.disabledAgents, ["test-executor-check", "security-agent"]);

    const after = await sandbox.run(["check", "--json"]);
    assert.equal(after.code, 1);
    assert.doesNotMatch(after.stderr, /is deprecated/);
    const again = await sandbox.run(["upgrade", "--json"]);
    assert.ok(
      !JSON.parse(again.stdout).steps.some((step: { detail?: string }) =>
        step.detail?.startsWith("renamed")
      ),
      "nothing left to rename",
    );
  } finally {
    await sandbox.cleanup();
  }
});
