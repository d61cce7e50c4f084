/**
 * The hooks `init` registers, fired by the real pinned Claude Code CLI (run
 * headless against the fake Messages API) rather than by a recorded payload:
 * a session that reads a file, fails to read another and answers records
 * SessionStart, UserPromptSubmit, PostToolUse, PostToolUseFailure, Stop and
 * SessionEnd, each with the fields the recorded fixtures
 * (tests/fixtures/claude_hooks/) assume, one session's events under one
 * correlation id, and the prompt only as its length. Needs CLAUDE_CODE_BIN
 * (scripts/services.sh) or `claude` on PATH.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { skipWithout } from "../support/service.ts";
import { resolveOnPath } from "../../plugins/project/launcher.ts";

const CLAUDE = Deno.env.get("CLAUDE_CODE_BIN") ||
  resolveOnPath("claude", Deno.env.get("PATH") ?? "");
const PROMPT = "Read the readme, then the changelog, and say what this project is.";

Deno.test({
  name: "claude hooks fired by the real Claude Code CLI are recorded with the fixtures' fields",
  ignore: skipWithout(
    "claude-code",
    CLAUDE !== undefined,
    "bash scripts/services.sh start (installs the pinned Claude Code; exports CLAUDE_CODE_BIN)",
  ),
  fn: async () => {
    const sandbox = await createSandbox();
    const root = sandbox.project;
    const script = [
      toolUse("Read", { file_path: join(root, "README.md") }),
      toolUse("Read", { file_path: join(root, "CHANGELOG.md") }), // does not exist
      text("A small app."),
    ];
    const fake = await startFakeAnthropic({
      responder: (body) => {
        if (!((body.tools?.length ?? 0) > 0)) return text("side request");
        const results = (JSON.stringify(body.messages).match(/"tool_result"/g) ?? []).length;
        return script[Math.min(results, script.length - 1)];
      },
    });
    try {
      await Deno.writeTextFile(join(root, "README.md"), "# app\n");
      assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
      const run = await new Deno.Command(CLAUDE!, {
        args: ["-p", PROMPT, "--output-format", "json"],
        cwd: root,
        env: { ...sandbox.env, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: "sk-test" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      assert.equal(JSON.parse(new TextDecoder().decode(run.stdout)).result, "A small app.");

      const log = await Deno.readTextFile(join(root, ".claude/events/log.ndjson"));
      assert.ok(!log.includes(PROMPT), "the prompt's text never reaches the log");
      const events = log.trim().split("\n").map((line) => JSON.parse(line))
        .filter((event) => event.type.startsWith("claude."));
      const byType = new Map(events.map((event) => [event.type, event]));
      const fired = ["SessionStart", "UserPromptSubmit", "PostToolUse", "PostToolUseFailure"]
        .concat(["Stop", "SessionEnd"]);
      for (const name of fired) assert.ok(byType.has(`claude.${name}`), `claude.${name} recorded`);
      assert.equal(new Set(events.map((event) => event.correlation_id)).size, 1, "one trace");
      const payload = (name: string) => byType.get(`claude.${name}`).payload;
      assert.equal(payload("SessionStart").source, "startup");
      assert.equal(payload("UserPromptSubmit").prompt_chars, PROMPT.length);
      assert.equal(payload("PostToolUse").tool_name, "Read");
      assert.equal(typeof payload("PostToolUse").duration_ms, "number");
      assert.equal(payload("PostToolUseFailure").tool_name, "Read");
      assert.match(payload("PostToolUseFailure").error, /does not exist/i);
      assert.equal(payload("PostToolUseFailure").is_interrupt, false);
      assert.equal(payload("Stop").stop_hook_active, false);
      assert.equal(payload("Stop").last_assistant_message_chars, "A small app.".length);
      assert.equal(typeof payload("SessionEnd").reason, "string");
      for (const event of events) {
        assert.equal(event.payload.session_id, events[0].payload.session_id);
        for (const field of ["prompt", "last_assistant_message"]) {
          assert.equal(event.payload[field], undefined, `${event.type} records no ${field} text`);
        }
      }
    } finally {
      await fake.close();
      await sandbox.cleanup();
    }
  },
});
