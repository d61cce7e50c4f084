/**
 * A third-party plugin's command as the CLI's command table sees it. Loading
 * it starts a worker (`command_worker.ts`) with the plugin's permissions
 * that describes the command as data; the CLI then parses flags and prints
 * help from that description as for any command, and running it starts a
 * second worker that runs the command's `run` and streams its output back.
 * Nothing of the plugin ever runs in the CLI's process; every message is
 * validated; a denial or crash becomes an error naming the plugin, what it
 * was doing and the boundary (`plugin_failure.ts`).
 * @module
 */

import type { CommandArgs, CommandSpec } from "../../cli/command.ts";
import type { Context } from "../../context.ts";
import { SuperAgentsError } from "../../errors.ts";
import { type FailureSubject, pluginFailure } from "./plugin_failure.ts";
import type { ListedEntry } from "./carve_out.ts";
import { PluginWorker } from "./plugin_worker.ts";
import type { PluginWorkerPermissions } from "./worker_permissions.ts";
import {
  type CommandReply,
  CommandReplySchema,
  type DescribedCommand,
  DescribedCommandSchema,
  type RunContextData,
} from "./worker_protocol.ts";

const WORKER = new URL("./command_worker.ts", import.meta.url);
const DESCRIBE_DEADLINE_MS = 10_000;

/** One command of one plugin, and the permissions its workers get. */
export interface PluginCommandTarget {
  plugin: string;
  /** What to pass to `plugins add` to review the plugin again. */
  specifier: string;
  /** The command's name in the command table. */
  command: string;
  /** The command module's URL. */
  module: string;
  permissions: PluginWorkerPermissions;
  /** The directory listings its read carve took away (`readListings`), shown to the worker. */
  listings?: Record<string, ListedEntry[]>;
}

function subject(target: PluginCommandTarget, operation: string): FailureSubject {
  return { plugin: target.plugin, operation, specifier: target.specifier };
}

/** Runs one request in a fresh worker; `onReply` settles it by returning a value. */
function exchange<T>(
  target: PluginCommandTarget,
  operation: string,
  request: unknown,
  onReply: (reply: CommandReply) => T | undefined,
  deadlineMs?: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (error: SuperAgentsError) => {
      worker.close();
      reject(error);
    };
    const worker = new PluginWorker(WORKER, `plugin ${target.plugin}`, target.permissions, {
      onMessage(message) {
        const reply = CommandReplySchema.safeParse(message);
        if (!reply.success) {
          const why = `it sent a malformed message (${reply.error.issues[0].message})`;
          return fail(pluginFailure(subject(target, operation), {
            name: "ProtocolError",
            message: why,
          }, target.permissions));
        }
        if (reply.data.type === "failed") {
          return fail(
            pluginFailure(subject(target, operation), reply.data.error, target.permissions),
          );
        }
        try {
          const value = onReply(reply.data);
          if (value === undefined) return;
          worker.close();
          resolve(value);
        } catch (error) {
          fail(error as SuperAgentsError);
        }
      },
      onFailure: (message) =>
        reject(
          pluginFailure(subject(target, operation), { name: "Error", message }, target.permissions),
        ),
    }, deadlineMs);
    worker.post(request);
  });
}

/**
 * The command's description, read in a worker with the plugin's permissions.
 *
 * @example
 * ```ts
 * const described = await describePluginCommand(target);
 * described.flags?.loud?.type; // "boolean"
 * ```
 */
export function describePluginCommand(target: PluginCommandTarget): Promise<DescribedCommand> {
  const operation = `loading its command ${target.command}`;
  const request = { type: "describe", module: target.module, listings: target.listings };
  return exchange(target, operation, request, (reply) => {
    if (reply.type !== "described") return undefined;
    const parsed = DescribedCommandSchema.safeParse(reply.command);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new SuperAgentsError(
      "PLUGIN_COMMAND_INVALID",
      `plugin "${target.plugin}": its command ${target.command} is invalid (${
        issue.path.join(".") || "command"
      }: ${issue.message})`,
      { hint: `report it to the plugin's author (${target.specifier})` },
    );
  }, DESCRIBE_DEADLINE_MS);
}

function contextData(ctx: Context): RunContextData {
  return {
    cwd: ctx.cwd,
    home: ctx.home,
    dataHome: ctx.dataHome,
    json: ctx.json,
    debug: ctx.debug,
    color: ctx.color,
    stdoutIsTerminal: ctx.stdout.isTerminal,
    stderrIsTerminal: ctx.stderr.isTerminal,
  };
}

/**
 * Runs the command (`path`: the subcommands below it) in a worker with the
 * plugin's permissions; its output goes to `ctx`; resolves to the exit code.
 *
 * @example
 * ```ts
 * const code = await runPluginCommandInWorker(target, [], ctx, { values: {}, positionals: [] });
 * ```
 */
export function runPluginCommandInWorker(
  target: PluginCommandTarget,
  path: string[],
  ctx: Context,
  args: CommandArgs,
): Promise<number> {
  const operation = `running its command ${[target.command, ...path].join(" ")}`;
  const request = {
    type: "run",
    module: target.module,
    path,
    args,
    context: contextData(ctx),
    listings: target.listings,
  };
  return exchange(target, operation, request, (reply) => {
    if (reply.type === "write") {
      (reply.stream === "stdout" ? ctx.stdout : ctx.stderr).write(reply.text);
      return undefined;
    }
    return reply.type === "done" ? reply.code : undefined;
  });
}

/** The command spec the CLI dispatches to: the description, with `run` sent to a worker. */
export function proxiedSpec(
  target: PluginCommandTarget,
  described: DescribedCommand,
  path: string[] = [],
): CommandSpec {
  const { runnable, subcommands, ...help } = described;
  return {
    ...help,
    ...(subcommands
      ? {
        subcommands: Object.fromEntries(
          Object.entries(subcommands).map((
            [name, sub],
          ) => [name, proxiedSpec(target, sub, [...path, name])]),
        ),
      }
      : {}),
    ...(runnable
      ? {
        run: (ctx: Context, args: CommandArgs) => runPluginCommandInWorker(target, path, ctx, args),
      }
      : {}),
  };
}
