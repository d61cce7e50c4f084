/**
 * One test per Claude Code hook event that `init` registers: a recorded hook
 * payload (tests/fixtures/claude_hooks/, in the shapes Claude Code sends) is
 * piped to the real `events emit --from-claude-hook`, and the event in the
 * log keeps the fields that matter and never the text of a prompt.
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { projectTemplates } from "../../templates/mod.ts";

const fixtures = new URL("../fixtures/claude_hooks/", import.meta.url);

/** What each event must record, beyond session_id and hook_event_name. */
const EXPECTED: Record<string, Record<string, unknown>> = {
  SessionStart: { source: "startup", model: "claude-sonnet-4-5" },
  UserPromptSubmit: { prompt_chars: 106 },
  PostToolUse: { tool_name: "Edit", tool_use_id: "toolu_01A", duration_ms: 12 },
  PostToolUseFailure: {
    tool_name: "Bash",
    error: "Exit code 1\nerror: Test failed",
    is_interrupt: false,
    duration_ms: 5120,
  },
  PermissionDenied: {
    tool_name: "Bash",
    tool_input: { command: "rm -rf build" },
    reason: "Permission to use Bash with command rm -rf build has been denied.",
  },
  Notification: { notification_type: "permission_prompt", title: "Permission needed" },
  SubagentStart: { agent_id: "a1b2c3", agent_type: "reviewer-agent" },
  SubagentStop: { agent_type: "reviewer-agent", last_assistant_message_chars: 39 },
  PreCompact: { trigger: "manual", custom_instructions_chars: 21 },
  PostCompact: { trigger: "auto", compact_summary_chars: 65 },
  TaskCreated: { task_id: "3", task_subject: "Write cart tests", task_description_chars: 43 },
  TaskCompleted: { task_id: "3", teammate_name: "tester", team_name: "shop" },
  Stop: { stop_hook_active: false, last_assistant_message_chars: 59 },
  StopFailure: { error: "rate_limit", error_details: "429 Too Many Requests: rate limit exceeded" },
  SessionEnd: { reason: "prompt_input_exit" },
};

const registered = Object.keys(JSON.parse(projectTemplates.claudeHooks));

Deno.test("every registered hook event has a payload fixture and expectations", () => {
  deepEqual([...registered].sort(), Object.keys(EXPECTED).sort());
  for (const name of ["PostToolUseFailure", "PermissionDenied", "SessionEnd", "StopFailure"]) {
    ok(registered.includes(name), `${name} is registered`);
  }
});

for (const name of registered) {
  Deno.test(`claude hook ${name} is recorded with its fields`, async () => {
    const sandbox = await createSandbox();
    try {
      await Deno.mkdir(join(sandbox.project, ".claude", "events"), { recursive: true });
      const stdin = await Deno.readTextFile(new URL(`${name}.json`, fixtures));
      const result = await sandbox.run(["events", "emit", "--from-claude-hook"], { stdin });
      equal(result.code, 0, result.stderr);
      equal(result.stdout, "");
      const log = join(sandbox.project, ".claude", "events", "log.ndjson");
      const lines = (await Deno.readTextFile(log)).trim().split("\n");
      equal(lines.length, 1);
      const event = JSON.parse(lines[0]);
      equal(event.type, `claude.${name}`);
      equal(event.payload.hook_event_name, name);
      equal(event.payload.session_id, JSON.parse(stdin).session_id);
      for (const [key, value] of Object.entries(EXPECTED[name] ?? {})) {
        deepEqual(event.payload[key], value, `${name}.${key}`);
      }
      for (const text of ["prompt", "last_assistant_message", "compact_summary"]) {
        equal(event.payload[text], undefined, `${name} records no ${text} text`);
      }
      ok(!lines[0].includes("sk-ant-"), "no secret reaches the log");
      ok(!lines[0].includes("Refactor the checkout"), "no prompt text reaches the log");
    } finally {
      await sandbox.cleanup();
    }
  });
}
