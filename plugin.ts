/**
 * The plugin SDK of super-agents: everything a plugin's code imports.
 *
 * A plugin is one manifest — the default export of its `mod.ts`, written with
 * {@linkcode definePlugin} — that says, as data, what the plugin contributes
 * (commands, agent files, executors, model providers, queue backends, KM
 * mounts, doctor checks, a configuration section) and which Deno
 * permissions its code needs. Each contribution names the module that
 * implements it; super-agents imports that module only when the
 * contribution is used, and runs a third-party plugin's code inside the
 * permissions the user accepted at `super-agents plugins add`.
 *
 * This module holds only types and tiny helpers, so a plugin that imports it
 * loads almost nothing. Tests use `@super-agents/cli/plugin/testing`
 * (`runPluginCommand`, `withTempProject`). The guide is `docs/plugins.md` in
 * the super-agents repository.
 *
 * @example A plugin with one command
 * ```ts
 * // mod.ts
 * import { definePlugin } from "jsr:@super-agents/cli/plugin";
 *
 * export default definePlugin({
 *   name: "hello",
 *   version: "1.0.0",
 *   kind: "integration",
 *   summary: "says hello",
 *   commands: [{
 *     name: "hello",
 *     summary: "print a greeting",
 *     module: new URL("./hello.ts", import.meta.url),
 *   }],
 * });
 * ```
 *
 * ```ts
 * // hello.ts
 * import { defineCommand } from "jsr:@super-agents/cli/plugin";
 *
 * export const command = defineCommand({
 *   name: "hello",
 *   summary: "print a greeting",
 *   run(ctx, args) {
 *     ctx.stdout.write(`Hello, ${args.positionals[0] ?? "world"}!\n`);
 *   },
 * });
 * ```
 * @module
 */

/**
 * The manifest: {@linkcode definePlugin} and the type of every field and
 * contribution.
 *
 * @example
 * ```ts
 * import { definePlugin, type PluginPermissions } from "jsr:@super-agents/cli/plugin";
 *
 * const permissions: PluginPermissions = { net: ["api.example.com"] };
 * export default definePlugin({
 *   name: "example",
 *   version: "0.1.0",
 *   kind: "integration",
 *   summary: "an example",
 *   permissions,
 * });
 * ```
 */
export {
  type AgentsContribution,
  type CommandContribution,
  type ConfigContribution,
  definePlugin,
  type DoctorCheckContribution,
  type ExecutorContribution,
  type JobListenerContribution,
  type KmMountContribution,
  type ModuleRef,
  type PluginKind,
  type PluginManifest,
  type PluginPermissions,
  type ProviderContribution,
  type QueueBackendContribution,
} from "./core/plugin_host/manifest.ts";

/**
 * Commands: a command module exports `command`, built with
 * {@linkcode defineCommand}; `run` receives the {@linkcode Context} and the
 * parsed arguments and returns the exit code.
 *
 * @example
 * ```ts
 * import { defineCommand, stringFlag } from "jsr:@super-agents/cli/plugin";
 *
 * export const command = defineCommand({
 *   name: "greet",
 *   summary: "print a greeting",
 *   flags: { name: { type: "string", description: "<name> who to greet" } },
 *   run(ctx, args) {
 *     ctx.stdout.write(`Hello, ${stringFlag(args, "name") ?? "world"}!\n`);
 *   },
 * });
 * ```
 */
export {
  booleanFlag,
  type CommandArgs,
  type CommandEntry,
  type CommandSpec,
  defineCommand,
  type FlagSpec,
  type PositionalSpec,
  stringFlag,
} from "./core/cli/command.ts";

/**
 * What a command's `run` receives: where it runs, the environment, the clock
 * and where to print.
 *
 * @example
 * ```ts
 * import type { Context } from "jsr:@super-agents/cli/plugin";
 *
 * function report(ctx: Context, line: string): void {
 *   ctx.stdout.write(ctx.json ? JSON.stringify({ line }) + "\n" : line + "\n");
 * }
 * ```
 */
export type { Context, Output } from "./core/context.ts";

/**
 * Errors: throw a {@linkcode SuperAgentsError} with a stable code, a message
 * and a hint that names the fix; the CLI prints message and hint and exits
 * with its exit code.
 *
 * @example
 * ```ts
 * import { SuperAgentsError } from "jsr:@super-agents/cli/plugin";
 *
 * throw new SuperAgentsError("HELLO_NO_NAME", "no name to greet", {
 *   hint: "pass one: `super-agents hello Ada`",
 * });
 * ```
 */
export {
  ExitCode,
  SuperAgentsError,
  type SuperAgentsErrorOptions,
  UsageError,
} from "./core/errors.ts";

/**
 * Executors: a worker module calls {@linkcode serveExecutor} once with an
 * {@linkcode Executor}, which does one job's work inside the job's sandbox.
 *
 * @example
 * ```ts
 * import { type Executor, serveExecutor } from "jsr:@super-agents/cli/plugin";
 *
 * const execute: Executor = async (ctx) => ({ echoed: ctx.job.input });
 * serveExecutor("echo", execute);
 * ```
 */
export {
  type Executor,
  type ExecutorContext,
  type ExecutorDependency,
  type ExecutorJob,
  type ExecutorProgress,
  type ExecutorSandbox,
  PermanentJobError,
  serveExecutor,
} from "./sdk/executor.ts";

/**
 * Providers: a provider module exports `createProvider(config)`, which
 * returns a {@linkcode ProviderPlugin} named like its contribution; its
 * `run` turns an {@linkcode AgentJob} into an {@linkcode AgentJobResult},
 * using the {@linkcode AgentJobIO} it is given for output, events, tools and
 * (`io.command`, with {@linkcode ContainedOptions}) contained programs.
 *
 * @example
 * ```ts
 * import type { AgentJob, AgentJobResult } from "jsr:@super-agents/cli/plugin";
 *
 * function echo(job: AgentJob): AgentJobResult {
 *   const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
 *   return {
 *     status: "completed", output: job.task, model: "echo", turns: 1,
 *     usage, usageByModel: {}, costUsd: 0, fallbacks: [],
 *   };
 * }
 * ```
 */
export type {
  AgentJob,
  AgentJobAgent,
  AgentJobIO,
  AgentJobResult,
  FallbackRecord,
  ModelPrice,
  ProviderPlugin,
  TokenUsage,
  ToolDefinition,
  ToolHost,
  ToolResult,
} from "./core/plugin.ts";
export type { ContainedOptions } from "./core/pool/contained_command.ts";

/**
 * Doctor checks: a check module exports `check`, built with
 * {@linkcode defineCheck}; `run` returns findings, each with a severity and
 * the command that fixes it.
 *
 * @example
 * ```ts
 * import { defineCheck } from "jsr:@super-agents/cli/plugin";
 *
 * export const check = defineCheck({
 *   id: "example",
 *   title: "an example check",
 *   run: () => Promise.resolve([{ check: "example", severity: "ok", message: "fine" }]),
 * });
 * ```
 */
export {
  defineCheck,
  type DoctorCheck,
  type DoctorEnv,
  type Finding,
  type ProjectPaths,
  type Severity,
} from "./sdk/doctor_check.ts";

/**
 * KM mounts: a mount module exports `createMount(context)`, which returns a
 * {@linkcode KmMount} that answers the requests for the paths it owns.
 *
 * @example
 * ```ts
 * import type { KmMount } from "jsr:@super-agents/cli/plugin";
 *
 * export function createMount(): Promise<KmMount> {
 *   return Promise.resolve({
 *     handle: () => Promise.resolve(Response.json({ pong: true })),
 *     close: () => Promise.resolve(),
 *   });
 * }
 * ```
 */
export type { KmMount, KmMountContext, Logger } from "./sdk/km_mount.ts";
