/**
 * `super-agents` with no command: inside a project it sets up, starts the KM
 * and prints the status (Claude Code is not launched without a terminal);
 * outside a project it prints the help.
 */
import { shellQuote } from "../../core/cli/shell_quote.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN } from "../support/cli.ts";
import { skipWithout } from "../support/service.ts";
import { resolveOnPath } from "../../plugins/project/launcher.ts";

const SCRIPT = resolveOnPath("script", "/usr/bin:/bin");

function portRange(): Record<string, string> {
  const min = 30000 + Math.floor(Math.random() * 500) * 5; // below ephemeral ports
  return { SUPER_AGENTS_PORT_MIN: String(min), SUPER_AGENTS_PORT_MAX: String(min + 4) };
}

Deno.test("no command inside a project: init, KM started, status printed", async () => {
  const sandbox = await createSandbox();
  const env = portRange();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude"));
    const sub = join(sandbox.project, "src");
    await Deno.mkdir(sub);
    const result = await sandbox.run([], { cwd: sub, env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /KM started: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(result.stdout, /worker started: pid \d+, supervisor \d+/);
    assert.match(result.stdout, /running/);
    const port = Number(await Deno.readTextFile(join(sandbox.project, ".claude/state/km.port")));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    await Deno.stat(join(sandbox.project, ".claude/manifest.json")); // init ran
    const again = await sandbox.run(["--no-launch", "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).km.status, "running");
    assert.equal(JSON.parse(again.stdout).worker.status, "running");
  } finally {
    await sandbox.run(["stop"], { env });
    await sandbox.cleanup();
  }
});

Deno.test("no command outside a project prints the help", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run([]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: super-agents <command>/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test({
  name:
    "no command on a terminal: Claude Code is started with the project's server and read-only tools",
  ignore: skipWithout("script", SCRIPT !== undefined, "apt-get install bsdutils (util-linux)"),
  fn: async () => {
    const sandbox = await createSandbox();
    const env = portRange();
    try {
      await Deno.mkdir(join(sandbox.project, ".claude"));
      // A stand-in for Claude Code that records the arguments it was given.
      const argsFile = join(sandbox.home, "claude-args.json");
      const fakeClaude = join(sandbox.home, "claude");
      await Deno.writeTextFile(
        fakeClaude,
        `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit 7\n`,
      );
      await Deno.chmod(fakeClaude, 0o755);
      const command = [Deno.execPath(), "run", "-A", "--quiet", MAIN].map(shellQuote).join(" ");
      const result = await new Deno.Command(SCRIPT!, {
        args: ["-qec", command, "/dev/null"],
        cwd: sandbox.project,
        env: { ...sandbox.env, ...env, NO_COLOR: "1", CLAUDE_CODE_BIN: fakeClaude },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const output = new TextDecoder().decode(result.stdout);
      assert.equal(result.code, 7, output); // Claude Code's exit code is ours
      assert.match(output, /starting Claude Code .* with the project's MCP server/);
      const args = (await Deno.readTextFile(argsFile)).trim().split("\n");
      const config = JSON.parse(args[args.indexOf("--mcp-config") + 1]);
      assert.deepEqual(Object.keys(config.mcpServers), ["super-agents"]);
      assert.match(args[args.indexOf("--allowedTools") + 1], /mcp__super-agents__knowledge_query/);
    } finally {
      await sandbox.run(["stop"], { env });
      await sandbox.cleanup();
    }
  },
});
