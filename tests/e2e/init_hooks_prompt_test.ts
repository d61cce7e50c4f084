/**
 * On a terminal, plain `init` in a git repository asks whether to install
 * the git hooks, default yes: Enter installs them, "n" installs none and the
 * summary says why. The terminal is a real pseudo-terminal from util-linux
 * `script`, whose stdin is the test's answer.
 */

import { shellQuote } from "../../core/cli/shell_quote.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN } from "../support/cli.ts";
import { createGitRepo } from "../support/git_repo.ts";
import { skipWithout } from "../support/service.ts";
import { resolveOnPath } from "../../plugins/project/launcher.ts";

const SCRIPT = resolveOnPath("script", "/usr/bin:/bin");

async function initOnTerminal(answer: string): Promise<{ output: string; hooks: string[] }> {
  const sandbox = await createSandbox();
  try {
    const repo = await createGitRepo(sandbox.project);
    await repo.commit("first", { "README.md": "# app\n" });
    const command = [Deno.execPath(), "run", "-A", "--quiet", MAIN, "init"].map(shellQuote)
      .join(" ");
    const child = new Deno.Command(SCRIPT!, {
      args: ["-qec", command, "/dev/null"],
      cwd: sandbox.project,
      env: { ...sandbox.env, NO_COLOR: "1", TERM: "dumb" },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(answer));
    await writer.close();
    const result = await child.output();
    const output = new TextDecoder().decode(result.stdout).replaceAll("\r", "");
    assert.equal(result.code, 0, output + new TextDecoder().decode(result.stderr));
    const hooks = [...Deno.readDirSync(join(sandbox.project, ".git/hooks"))]
      .map((entry) => entry.name).filter((name) => !name.endsWith(".sample")).sort();
    return { output, hooks };
  } finally {
    await sandbox.cleanup();
  }
}

const ignore = skipWithout("script", SCRIPT !== undefined, "apt-get install bsdutils (util-linux)");

Deno.test({
  name: "init on a terminal asks about the git hooks; Enter means yes",
  ignore,
  fn: async () => {
    const { output, hooks } = await initOnTerminal("\n");
    assert.match(output, /Install the git hooks .*\?/);
    assert.deepEqual(hooks, ["post-commit", "post-merge", "pre-commit", "pre-push"]);
    assert.match(output, /pre-commit\s+installed/);
  },
});

Deno.test({
  name: "init on a terminal: answering n installs no hook and the summary says so",
  ignore,
  fn: async () => {
    const { output, hooks } = await initOnTerminal("n\n");
    assert.match(output, /Install the git hooks .*\?/);
    assert.deepEqual(hooks, []);
    assert.match(output, /declined/);
  },
});
