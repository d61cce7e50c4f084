/**
 * The built-in plugins: their manifests (data only — each imports nothing
 * but `definePlugin`, so listing them loads no plugin code), and
 * {@linkcode installBuiltinPlugins}, the one line a composition root
 * (`main.ts`, or a test that opens a Redis queue, starts a KM with MCP or
 * runs `doctor`) calls to install a plugin host built from them.
 * @module
 */

import { PluginHost, type PluginRecord, type PluginsFilesStamp } from "../core/plugin_host/host.ts";
import { installPluginHost } from "../core/plugin_host/current.ts";
import project from "./project/mod.ts";
import km from "./km/mod.ts";
import doctor from "./doctor/mod.ts";
import coreCommands from "./core_commands/mod.ts";
import completions from "./completions/mod.ts";
import profile from "./profile/mod.ts";
import runtime from "../agents/mod.ts";
import analytics from "./analytics/mod.ts";
import anthropic from "./anthropic/mod.ts";
import anthropicBatch from "./anthropic_batch/mod.ts";
import ci from "./ci/mod.ts";
import claudeCode from "./claude_code/mod.ts";
import flows from "./flows/mod.ts";
import gitHooks from "./git_hooks/mod.ts";
import local from "./local/mod.ts";
import localChecks from "./local_checks/mod.ts";
import kmAuth from "./km_auth/mod.ts";
import mcp from "./mcp/mod.ts";
import notifications from "./notifications/mod.ts";
import pluginManager from "./plugin_manager/mod.ts";
import redisQueue from "./redis_queue/mod.ts";

/**
 * Every built-in plugin, and the runtime's commands (`agents/mod.ts`). The
 * order is the help order of their commands — setting a project up, the KM,
 * doctor, the kernel's commands, the runtime's, then the integrations
 * (launch, claude, check, hooks, ci, batch, mcp, plugins, ...) — of the
 * doctor checks (the doctor's own first) and of the providers in messages.
 */
export const builtinPlugins: readonly PluginRecord[] = [
  project,
  km,
  doctor,
  coreCommands,
  completions,
  profile,
  runtime,
  anthropic,
  claudeCode,
  local,
  localChecks,
  gitHooks,
  ci,
  anthropicBatch,
  notifications,
  redisQueue,
  mcp,
  kmAuth,
  pluginManager,
  analytics,
  flows,
].map((manifest) => ({ manifest }));

/**
 * Builds a plugin host from the built-in plugins plus `extra` records (the
 * project's third-party plugins, read from the plugins files `builtFrom`
 * names), installs it as the program's host, and returns it.
 *
 * @example
 * ```ts
 * const host = installBuiltinPlugins();
 * host.provider("anthropic").contribution.executor; // "anthropic"
 * ```
 */
export function installBuiltinPlugins(
  extra: readonly PluginRecord[] = [],
  builtFrom?: PluginsFilesStamp,
): PluginHost {
  const host = new PluginHost([...builtinPlugins, ...extra], [], builtFrom ? { builtFrom } : {});
  installPluginHost(host);
  return host;
}
