/** Claude Code hook input becomes a `claude.<event>` event correlated by session. */

import { deepEqual, equal, ok } from "node:assert/strict";
import { hookEvent, MAX_VALUE_CHARS } from "../../../core/events/claude_hook.ts";
import { correlationIdFrom } from "../../../core/events/correlation.ts";
import { GITHUB_TOKEN } from "../../plugins/local_checks/secrets.ts";

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

Deno.test("a preview never keeps part of a secret that the cut would split", () => {
  const token = GITHUB_TOKEN; // a valid checksum: a look-alike is not redacted, as the gate does not block it
  const prefix = JSON.stringify({ file: { filePath: "/p/notes.txt", content: "" } }).length - 3;
  // The token starts 10 characters before the cut, so a plain cut would keep its first 10.
  const padding = "a".repeat(MAX_VALUE_CHARS - 10 - prefix - 1);
  const content = `${padding} ${token} and more text after it ${"b".repeat(MAX_VALUE_CHARS)}`;
  const result = hookEvent(
    JSON.stringify({
      session_id: "s",
      hook_event_name: "PostToolUse",
      tool_name: "Read",
      tool_response: { file: { filePath: "/p/notes.txt", content } },
    }),
    {},
  );
  ok(result.ok);
  const payload = result.input.payload as { tool_response: { preview: string } };
  const preview = payload.tool_response.preview;
  equal(preview.length, MAX_VALUE_CHARS);
  equal(preview.indexOf(padding + " "), prefix, "the token does start right before the cut");
  ok(!preview.includes(token.slice(0, 10)), preview.slice(-40));
  ok(preview.endsWith("[REDACTED:"), preview.slice(-40));
});
