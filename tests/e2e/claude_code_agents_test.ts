/**
 * The real Claude Code CLI, run headless in an initialised project against
 * the fake Messages API, loads our agent files silently: nothing on stderr,
 * no warning about them in its `--debug` log, and no frontmatter key it does
 * not define in its telemetry (our fields sit under `experimental:
 * super-agents:`, where Claude Code ignores unknown keys). Needs `claude` on
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
  name: "Claude Code loads init's agent files with no warning and no key it does not know",
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
      assert.deepEqual(complaints, []);
      assert.deepEqual(await unknownAgentKeys(sandbox.home), []);
      // It did read the files: the agents are offered to the model.
      const asked = JSON.stringify(fake.messageRequests()[0]?.body ?? {});
      assert.match(asked, /reviewer-agent/);
    } finally {
      await fake.close();
      await sandbox.cleanup();
    }
  },
});
