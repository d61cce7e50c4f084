/**
 * The messages plugin workers send to the CLI, as zod schemas: a worker
 * runs plugin code, so every message is validated before it is believed.
 * The manifest worker answers with the manifest or a failure; the command
 * worker describes a command (its help, flags and subcommands, as data),
 * streams what it writes, and ends with an exit code or a failure.
 * @module
 */

import { z } from "../../deps.ts";

/** A thrown value as a worker reports it. */
export const SerializedErrorSchema = z.object({
  name: z.string().max(100),
  message: z.string().max(4000),
  code: z.string().max(100).optional(),
  hint: z.string().max(1000).optional(),
  exitCode: z.number().optional(),
});

/** The manifest worker's answer. */
export const ManifestReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("manifest"), data: z.unknown() }),
  z.object({ type: z.literal("failed"), error: SerializedErrorSchema }),
]);

const name = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, "a lower-case name");
const text = z.string().max(4000);

const FlagSchema = z.strictObject({
  type: z.enum(["boolean", "string"]),
  short: z.string().regex(/^[A-Za-z]$/, "one letter").optional(),
  multiple: z.boolean().optional(),
  default: z.union([z.string().max(1000), z.boolean()]).optional(),
  description: text,
});

const PositionalSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,40}$/, "a positional's name"),
  description: text,
  required: z.boolean().optional(),
  variadic: z.boolean().optional(),
});

/** A command as data: its help, flags, positionals and subcommands, and whether it runs. */
export interface DescribedCommand {
  name: string;
  summary: string;
  description?: string;
  flags?: Record<string, z.infer<typeof FlagSchema>>;
  positionals?: z.infer<typeof PositionalSchema>[];
  examples?: string[];
  subcommands?: Record<string, DescribedCommand>;
  runnable: boolean;
}

/** A described command (subcommands at most 4 deep). */
export const DescribedCommandSchema: z.ZodType<DescribedCommand> = z.lazy(() =>
  z.strictObject({
    name,
    summary: z.string().max(200),
    description: text.optional(),
    flags: z.record(name, FlagSchema).optional(),
    positionals: z.array(PositionalSchema).max(16).optional(),
    examples: z.array(z.string().max(300)).max(16).optional(),
    subcommands: z.record(name, DescribedCommandSchema).optional(),
    runnable: z.boolean(),
  })
);

/** What a command worker sends. */
export const CommandReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("described"), command: z.unknown() }),
  z.object({
    type: z.literal("write"),
    stream: z.enum(["stdout", "stderr"]),
    text: z.string().max(16 * 1024 * 1024),
  }),
  z.object({ type: z.literal("done"), code: z.number().int().min(0).max(255) }),
  z.object({ type: z.literal("failed"), error: SerializedErrorSchema }),
]);

/** A command worker's message. */
export type CommandReply = z.infer<typeof CommandReplySchema>;

/** What a command's `run` may use of the CLI's context (sent with the run request). */
export interface RunContextData {
  cwd: string;
  home: string;
  dataHome: string;
  json: boolean;
  debug: boolean;
  color: boolean;
  stdoutIsTerminal: boolean;
  stderrIsTerminal: boolean;
}
