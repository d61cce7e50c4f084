/**
 * `init --interactive` driven by piped answers, the same setup through flags
 * only, project templates, and the failure paths (unknown template, hooks
 * outside a repository, an empty port range).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { createGitRepo, GIT_ENV } from "../support/git_repo.ts";

async function readConfig(project: string): Promise<Record<string, Record<string, unknown>>> {
  return JSON.parse(await Deno.readTextFile(join(project, ".claude/config.json")));
}

Deno.test("the wizard reads one answer per line, re-asks on a bad one and applies the answers", async () => {
  const sandbox = await createSandbox();
  try {
    await createGitRepo(sandbox.project);
    await Deno.writeTextFile(join(sandbox.project, "deno.json"), "{}\n");
    const answers = [
      "", // template: the detected one (deno)
      "yes", // git hooks
      "security-agent,test-executor-agent",
      "6001",
      "80", // invalid: asked again
      "6100",
      "",
      "",
      "claude-haiku-test",
    ];
    const result = await sandbox.run(["init", "--interactive"], {
      stdin: answers.join("\n") + "\n",
      env: GIT_ENV,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Project template \(deno, node, python or none\) \[deno\]: \n/);
    assert.match(result.stderr, /give a port number from 1024 to 65535 \(not "80"\)/);
    const config = await readConfig(sandbox.project);
    assert.deepEqual(config.km, { portMin: 6001, portMax: 6100 });
    assert.deepEqual(config.models, { haiku: "claude-haiku-test" });
    const disabled = config.hooks.disabledAgents as string[];
    assert.ok(disabled.includes("reviewer-agent"));
    assert.ok(!disabled.includes("security-agent") && !disabled.includes("test-executor-agent"));
    assert.ok((config.checks.forbiddenPaths as string[]).includes("coverage/**"));
    assert.match(result.stdout, /Template deno: tests run with `deno test -A` \(found deno.json\)/);
    const hook = await Deno.readTextFile(join(sandbox.project, ".git/hooks/pre-commit"));
    assert.match(hook, /super-agents/);
    const resolved = await sandbox.run(["--json", "config", "get", "km.portMax"]);
    assert.equal(JSON.parse(resolved.stdout).value, 6100);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("flags alone set everything without reading stdin; upgrade keeps the choices", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run([
      "init",
      "--template",
      "python",
      "--no-hooks",
      "--agents",
      "security-agent",
      "--port-min",
      "7001",
      "--port-max",
      "7002",
      "--model-opus",
      "claude-opus-test",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.match(result.stdout, /note: add pyproject.toml/);
    assert.match(result.stdout, /CI: .*super-agents ci init github/);
    const config = await readConfig(sandbox.project);
    assert.ok((config.checks.forbiddenPaths as string[]).includes(".pypirc"));
    assert.equal(config.models.opus, "claude-opus-test");
    assert.deepEqual(config.km, { portMin: 7001, portMax: 7002 });
    const upgrade = await sandbox.run(["upgrade"]);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    assert.deepEqual(await readConfig(sandbox.project), config);
    const again = await sandbox.run(["init", "--template", "python"]);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /Configuration/, "the forbidden paths are already there");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("--dry-run with setup flags validates and writes nothing", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run(["init", "--dry-run", "--template", "node", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.dryRun, true);
    assert.deepEqual(report.setup.config, ["checks.forbiddenPaths"]);
    assert.equal(report.setup.template.testCommand, "npm test");
    await assert.rejects(() => Deno.stat(join(sandbox.project, ".claude")), Deno.errors.NotFound);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("setup failures name the fix", async () => {
  const sandbox = await createSandbox();
  try {
    const template = await sandbox.run(["init", "--template", "pyhton"]);
    assert.equal(template.code, 2);
    assert.match(template.stderr, /unknown project template "pyhton"/);
    assert.match(template.stderr, /hint: did you mean --template python\?/);
    const ports = await sandbox.run(["init", "--port-min", "7000", "--port-max", "6000"]);
    assert.equal(ports.code, 2);
    assert.match(ports.stderr, /hint: give a non-empty range/);
    const agent = await sandbox.run(["init", "--agents", "reviewr-agent"]);
    assert.equal(agent.code, 2);
    assert.match(agent.stderr, /hint: did you mean reviewer-agent\?/);
    const hooks = await sandbox.run(["init", "--hooks"], { env: GIT_ENV });
    assert.equal(hooks.code, 1);
    assert.match(hooks.stderr, /the git hooks were not installed/);
    assert.match(hooks.stderr, /hint: .*super-agents hooks install/);
    assert.ok((await Deno.stat(join(sandbox.project, ".claude/config.json"))).isFile);
  } finally {
    await sandbox.cleanup();
  }
});
