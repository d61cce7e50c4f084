/**
 * `super-agents ci init` end to end: writes each system's file at its
 * conventional path, refuses to overwrite without --force, and rejects
 * unknown systems and bad options with a hint.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseYaml as parse } from "../../plugins/local_checks/deps.ts";
import { createSandbox } from "../support/cli.ts";
import { createGitRepo } from "../support/git_repo.ts";

Deno.test("ci init: writes the four pipelines at the repository root", async () => {
  const sandbox = await createSandbox();
  try {
    await createGitRepo(sandbox.project);
    await Deno.mkdir(join(sandbox.project, "src"));
    const files: Record<string, string> = {
      github: ".github/workflows/super-agents.yml",
      gitlab: ".gitlab-ci.yml",
      jenkins: "Jenkinsfile",
      azure: "azure-pipelines.yml",
    };
    for (const [system, path] of Object.entries(files)) {
      const result = await sandbox.run(["ci", "init", system, "--shards", "2", "--json"], {
        cwd: join(sandbox.project, "src"),
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).path, join(sandbox.project, path));
      const content = await Deno.readTextFile(join(sandbox.project, path));
      assert.match(content, /super-agents check --changed-since/);
      if (path.endsWith(".yml")) assert.equal(typeof parse(content), "object");
    }
    const again = await sandbox.run(["ci", "init", "github"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists[\s\S]*--force/);
    assert.equal((await sandbox.run(["ci", "init", "github", "--force"])).code, 0);
    const printed = await sandbox.run(["ci", "init", "gitlab", "--stdout"]);
    assert.equal(parse(printed.stdout)["super-agents-tests"].parallel, 4);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("ci init: unknown systems and bad options are usage errors", async () => {
  const sandbox = await createSandbox();
  try {
    for (
      const args of [["travis"], ["github", "--shards", "0"], ["github", "--source", "file:///x"]]
    ) {
      const result = await sandbox.run(["ci", "init", ...args]);
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, /hint:/);
    }
  } finally {
    await sandbox.cleanup();
  }
});
