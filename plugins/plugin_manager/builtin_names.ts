/**
 * The names third-party plugins may not take: the program's own commands
 * (core, agents and built-in plugins), the built-in plugins' names and
 * their providers' (a third-party executor is a provider of its name). Read
 * from the installed plugin host and the context's command table, leaving
 * out what third-party plugins contributed.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { maybePluginHost } from "../../core/plugin_host/current.ts";

/** Built-in command, plugin and provider names. */
export interface BuiltinNames {
  commands: Set<string>;
  plugins: Set<string>;
  /** Built-in providers: a third-party executor (a provider of its name) may not take one. */
  providers: Set<string>;
}

/**
 * The built-in names of the running program.
 *
 * @example
 * ```ts
 * builtinNames(ctx).commands.has("status"); // true
 * ```
 */
export function builtinNames(ctx: Pick<Context, "commands">): BuiltinNames {
  const host = maybePluginHost();
  const records = host?.plugins ?? [];
  const external = new Set(
    records.filter((r) => r.external).flatMap((r) =>
      (r.manifest.commands ?? []).map((c) => c.name)
    ),
  );
  const commands = new Set<string>(["plugins"]);
  for (const entry of ctx.commands ?? []) if (!external.has(entry.name)) commands.add(entry.name);
  for (const record of records.filter((r) => !r.external)) {
    for (const c of record.manifest.commands ?? []) commands.add(c.name);
  }
  const plugins = new Set(records.filter((r) => !r.external).map((r) => r.manifest.name));
  plugins.add("plugin-manager");
  const providers = new Set(
    records.filter((r) => !r.external).flatMap((r) =>
      (r.manifest.providers ?? []).map((p) => p.name)
    ),
  );
  return { commands, plugins, providers };
}
