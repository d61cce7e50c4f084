/**
 * Claude Code hook input → event. Claude Code runs a hook command with a JSON
 * object on stdin (`session_id`, `hook_event_name`, `tool_name`,
 * `tool_input`, …). It becomes an event of type `claude.<hook_event_name>`
 * whose correlation id is derived from the session id, so one session's
 * hook calls form one trace. Each event keeps the fields that say what
 * happened (tool name and input, error, denial reason, stop or end reason,
 * notification text); texts a user or the model wrote (the prompt, the last
 * assistant message, compaction instructions and summaries, task
 * descriptions) are recorded only as their length. Large values are cut to a preview so a hook
 * never bloats the log; the preview is redacted before it is cut, so the
 * cut never leaves the first half of a secret that the redaction of the
 * whole event (in `chain.ts`) could no longer recognise.
 * @module
 */

import { z } from "../deps.ts";
import { redactText } from "../secrets/redact.ts";
import { correlationIdFrom } from "./correlation.ts";
import type { EventInput } from "./schema.ts";

/** The fields every hook input carries that we check. */
export const ClaudeHookInputSchema = z.object({
  session_id: z.string().min(1).max(512),
  hook_event_name: z.string().regex(
    /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
    "must be a hook event name such as PreToolUse",
  ),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
}).loose();

/** Fields recorded as they are (previewed when large), across all hook events. */
export const RECORDED_FIELDS = [
  "cwd",
  "permission_mode",
  "agent_id",
  "agent_type",
  "model",
  "tool_name",
  "tool_use_id",
  "tool_input",
  "tool_response",
  "duration_ms",
  "error",
  "error_details",
  "is_interrupt",
  "message",
  "title",
  "notification_type",
  "source",
  "reason",
  "trigger",
  "stop_hook_active",
  "task_id",
  "task_subject",
  "teammate_name",
  "team_name",
] as const;

/** Texts recorded only as their length in characters, as `<field>_chars`. */
export const LENGTH_ONLY_FIELDS = [
  "prompt",
  "last_assistant_message",
  "custom_instructions",
  "compact_summary",
  "task_description",
] as const;

/** A parsed hook input. */
export type ClaudeHookInput = z.infer<typeof ClaudeHookInputSchema>;

/** Largest JSON kept per recorded value before it is replaced by a preview. */
export const MAX_VALUE_CHARS = 4096;

/**
 * Text past the cut that is redacted with the preview: longer than any
 * token a rule matches (a private key block without its END line is
 * redacted to the end of the text anyway).
 */
const REDACT_MARGIN = 1024;

/**
 * Parses hook JSON text; returns the event input or the reason it was refused.
 *
 * @example
 * ```ts
 * const result = hookEvent('{"session_id":"s1","hook_event_name":"Stop"}', {});
 * if (result.ok) await emitEvent(paths, result.input);
 * ```
 */
export function hookEvent(
  text: string,
  extra: { agent?: string; task?: string; parent?: string },
): { ok: true; input: EventInput } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `hook input is not JSON: ${(error as Error).message}` };
  }
  const parsed = ClaudeHookInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `hook input ${issue.path.join(".") || ""}: ${issue.message}` };
  }
  const hook = parsed.data;
  const payload: Record<string, unknown> = {
    session_id: hook.session_id,
    hook_event_name: hook.hook_event_name,
  };
  const fields = hook as Record<string, unknown>;
  for (const key of RECORDED_FIELDS) {
    if (fields[key] !== undefined) payload[key] = preview(fields[key]);
  }
  for (const key of LENGTH_ONLY_FIELDS) {
    const value = fields[key];
    if (typeof value === "string") payload[`${key}_chars`] = value.length;
  }
  return {
    ok: true,
    input: {
      type: `claude.${hook.hook_event_name}`,
      agent: extra.agent ?? "claude-code",
      task: extra.task,
      parent: extra.parent,
      correlationId: correlationIdFrom(hook.session_id),
      payload,
    },
  };
}

/** The value itself when small, else a redacted preview with its size. */
function preview(value: unknown): unknown {
  const json = JSON.stringify(value) ?? "null";
  if (json.length <= MAX_VALUE_CHARS) return value;
  const text = redactText(json.slice(0, MAX_VALUE_CHARS + REDACT_MARGIN));
  return { truncated: true, chars: json.length, preview: text.slice(0, MAX_VALUE_CHARS) };
}
