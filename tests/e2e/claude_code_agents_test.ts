/**
 * The real Claude Code CLI, run headless in an initialised project against
 * the fake Messages API, loads our agent files: nothing on stderr, and in
 * its `--debug` log and its telemetry the only frontmatter key it does not
 * define is our one namespaced `super-agents` key (one debug-log warning per
 * agent file remains: no layout without it was found). Needs `claude` on
 * PATH or `CLAUDE_CODE_BIN` (scripts/services.sh installs it from npm).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { skipWithout } from "../support/service.ts";

function findClaude(): string | undefined {
  const explicit = Deno.env.get("CLAUDE_CODE_BIN");
  if (explicit) return explicit;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(join(dir, "claude")).isFile) return join(dir, "claude");
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}

const CLAUDE = findClaude();

/** Frontmatter keys Claude Code reported as unknown for agent files, from its telemetry spool. */
async function unknownAgentKeys(home: string): Promise<string[]> {
  const keys: string[] = [];
  const dir = join(home, ".claude", "telemetry");
  let entries: Deno.DirEntry[] = [];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const entry of entries) {
    for (const line of (await Deno.readTextFile(join(dir, entry.name))).split("\n")) {
      if (!line.includes("frontmatter_shadow_unknown_key")) continue;
      const data = JSON.parse(line).event_data;
      const meta = JSON.parse(atob(data.additional_metadata));
      if (meta.surface === "agent") keys.push(meta.detail);
    }
  }
  return [...new Set(keys)];
}

Deno.test({
  name: "Claude Code loads init's agent files; the one key it does not know is super-agents",
  ignore: skipWithout(
    "claude-code",
    CLAUDE !== undefined,
    "npm install -g @anthropic-ai/claude-code (or set CLAUDE_CODE_BIN)",
  ),
  fn: async () => {
    const sandbox = await createSandbox();
    const fake = await startFakeAnthropic({ responder: () => text("hello") });
    try {
      const init = await sandbox.run(["init", "--no-hooks"]);
      assert.equal(init.code, 0, init.stderr);
      const result = await new Deno.Command(CLAUDE!, {
        args: ["-p", "hi", "--output-format", "json", "--debug"],
        cwd: sandbox.project,
        env: {
          ...sandbox.env,
          HOME: sandbox.home,
          ANTHROPIC_BASE_URL: fake.url,
          ANTHROPIC_API_KEY: "sk-test",
        },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(result.stderr);
      assert.equal(result.code, 0, stderr);
      assert.equal(JSON.parse(new TextDecoder().decode(result.stdout)).result, "hello");
      assert.doesNotMatch(stderr, /warn|frontmatter|agents\//i);
      const debug = await Deno.readTextFile(join(sandbox.home, ".claude", "debug", "latest"));
      const complaints = debug.split("\n").filter((line) =>
        /\[(WARN|ERROR)\]/.test(line) && /\.claude\/agents\/|frontmatter|subagent/i.test(line)
      );
      // Claude Code 2.1.332 logs, in its debug log only, one warning per file for the one key it
      // does not define; every one of our fields is inside it. None reaches stderr.
      const others = complaints.filter((line) =>
        !/does not recognize or apply: "super-agents"$/.test(line)
      );
      assert.deepEqual(others, []);
      for (const key of await unknownAgentKeys(sandbox.home)) {
        assert.equal(key, "super-agents", `Claude Code does not know the agent field "${key}"`);
      }
    } finally {
      await fake.close();
      await sandbox.cleanup();
    }
  },
});
