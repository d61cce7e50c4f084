/**
 * Claude Code hook input → event. Claude Code runs a hook command with a JSON
 * object on stdin (`session_id`, `hook_event_name`, `tool_name`,
 * `tool_input`, …). It becomes an event of type `claude.<hook_event_name>`
 * whose correlation id is derived from the session id, so one session's
 * hook calls form one trace. Large values are cut to a preview so a hook
 * never bloats the log; the preview is redacted before it is cut, so the
 * cut never leaves the first half of a secret that the redaction of the
 * whole event (in `chain.ts`) could no longer recognise.
 * @module
 */

import { z } from "../deps.ts";
import { redactText } from "../secrets/redact.ts";
import { correlationIdFrom } from "./correlation.ts";
import type { EventInput } from "./schema.ts";

/** Fields of a Claude Code hook input that we record (others are ignored). */
export const ClaudeHookInputSchema = z.object({
  session_id: z.string().min(1).max(512),
  hook_event_name: z.string().regex(
    /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
    "must be a hook event name such as PreToolUse",
  ),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  permission_mode: z.string().optional(),
  tool_name: z.string().optional(),
  tool_use_id: z.string().optional(),
  tool_input: z.unknown().optional(),
  tool_response: z.unknown().optional(),
  prompt: z.string().optional(),
  message: z.string().optional(),
  source: z.string().optional(),
  reason: z.string().optional(),
  stop_hook_active: z.boolean().optional(),
}).loose();

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
  for (
    const key of [
      "cwd",
      "permission_mode",
      "tool_name",
      "tool_use_id",
      "tool_input",
      "tool_response",
      "prompt",
      "message",
      "source",
      "reason",
      "stop_hook_active",
    ] as const
  ) {
    if (hook[key] !== undefined) payload[key] = preview(hook[key]);
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
