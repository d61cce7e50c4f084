/**
 * Claude Code's `--output-format stream-json` lines, validated: the init
 * line (model), assistant messages (text, tool calls, usage) and the final
 * result (cost, turns, usage). Unknown line types are ignored on purpose:
 * Claude Code adds new ones over time.
 * @module
 */

import { z } from "../../core/deps.ts";

const Usage = z.object({
  input_tokens: z.number().default(0),
  output_tokens: z.number().default(0),
  cache_read_input_tokens: z.number().default(0),
  cache_creation_input_tokens: z.number().default(0),
}).loose();

const Block = z.object({ type: z.string() }).loose();

/** One line of the stream. */
export const StreamLineSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("system"),
    subtype: z.string().optional(),
    model: z.string().optional(),
  })
    .loose(),
  z.object({
    type: z.literal("assistant"),
    message: z.object({
      model: z.string().optional(),
      content: z.array(Block).default([]),
      usage: Usage.optional(),
    }).loose(),
  }).loose(),
  z.object({ type: z.literal("user") }).loose(),
  z.object({
    type: z.literal("result"),
    subtype: z.string().optional(),
    is_error: z.boolean().default(false),
    result: z.string().optional(),
    num_turns: z.number().optional(),
    total_cost_usd: z.number().optional(),
    usage: Usage.optional(),
  }).loose(),
]);
/** A parsed stream line. */
export type StreamLine = z.infer<typeof StreamLineSchema>;

/** Parses one line; `undefined` for blank lines and types this version does not know. */
export function parseStreamLine(line: string): StreamLine | undefined {
  if (!line.trim()) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined; // Claude Code may print a non-JSON notice; the result line decides
  }
  const parsed = StreamLineSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
