/** Claude Code hook input becomes a `claude.<event>` event correlated by session. */

import { deepEqual, equal, ok } from "node:assert/strict";
import { hookEvent, MAX_VALUE_CHARS } from "../../../core/events/claude_hook.ts";
import { correlationIdFrom } from "../../../core/events/correlation.ts";

Deno.test("a PreToolUse hook input maps to claude.PreToolUse with the session's correlation id", () => {
  const result = hookEvent(
    JSON.stringify({
      session_id: "abc",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "ls" },
      transcript_path: "/tmp/t.jsonl",
      extra_future_field: 1,
    }),
    { task: "T1" },
  );
  ok(result.ok);
  equal(result.input.type, "claude.PreToolUse");
  equal(result.input.agent, "claude-code");
  equal(result.input.task, "T1");
  equal(result.input.correlationId, correlationIdFrom("abc"));
  deepEqual(result.input.payload, {
    session_id: "abc",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "ls" },
  });
});

Deno.test("large tool input is replaced by a preview", () => {
  const big = "x".repeat(MAX_VALUE_CHARS * 2);
  const result = hookEvent(
    JSON.stringify({
      session_id: "s",
      hook_event_name: "PostToolUse",
      tool_input: { content: big },
    }),
    {},
  );
  ok(result.ok);
  const payload = result.input.payload as { tool_input: { truncated: boolean; preview: string } };
  equal(payload.tool_input.truncated, true);
  equal(payload.tool_input.preview.length, MAX_VALUE_CHARS);
});

Deno.test("bad hook input is refused with a reason", () => {
  const cases = ["not json", "{}", '{"session_id":"s","hook_event_name":"../evil"}', "[1]"];
  for (const text of cases) {
    const result = hookEvent(text, {});
    equal(result.ok, false, text);
    if (!result.ok) ok(result.reason.length > 0);
  }
});
