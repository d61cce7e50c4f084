/**
 * A test harness for super-agents plugins: {@linkcode withTempProject} makes
 * a throw-away project, and {@linkcode runPluginCommand} runs one of a
 * plugin's commands in it the way `super-agents <command> …` would — the
 * same flag parsing, `--help`, `--json`, usage errors and exit codes — and
 * returns what it printed. {@linkcode runPluginExecutor} runs one job of a
 * plugin's executor (its `execute`) with the context the pool gives it.
 *
 * The command runs in the test's own process, with the test's permissions:
 * the harness checks behaviour, not the plugin's `permissions` (the CLI
 * enforces those when it runs a third-party plugin). Its environment is only
 * what the test passes, and its home directory is a fresh temporary one, so
 * a test never reads or writes the developer's own settings.
 *
 * @example
 * ```ts
 * import { runPluginCommand, withTempProject } from "jsr:@super-agents/cli/plugin/testing";
 * import assert from "node:assert/strict";
 *
 * Deno.test("hello greets by name", async () => {
 *   await withTempProject(async (root) => {
 *     const plugin = new URL("./mod.ts", import.meta.url);
 *     const result = await runPluginCommand(plugin, ["hello", "Ada"], { cwd: root });
 *     assert.deepEqual(result, { code: 0, stdout: "Hello, Ada!\n", stderr: "" });
 *   });
 * });
 * ```
 * @module
 */

import type { CommandEntry, CommandSpec } from "./core/cli/command.ts";
import type { Executor, ExecutorProgress } from "./sdk/executor.ts";
import { dispatch, extractGlobalFlags } from "./core/cli/dispatch.ts";
import { type Context, createContext, type Output } from "./core/context.ts";
import { ExitCode, SuperAgentsError } from "./core/errors.ts";
import { importModule } from "./core/lazy_import.ts";
import { join } from "./core/light_path.ts";
import { moduleUrl, type PluginManifest } from "./core/plugin_host/manifest.ts";
import { VERSION } from "./core/version.ts";
import projectConfig from "./templates/project_config.json" with { type: "text" };

/** Options of {@linkcode runPluginCommand}. */
export interface RunPluginCommandOptions {
  /** The directory the command runs in: usually the root from {@linkcode withTempProject}. */
  cwd: string;
  /**
   * The only environment variables the command sees through `ctx.env`
   * (default: none). Without `HOME`, the command gets a fresh temporary home
   * directory, removed afterwards.
   */
  env?: Record<string, string>;
}

/** What a command did: its exit code and everything it printed. */
export interface CommandResult {
  /** The exit code `super-agents` would exit with. */
  code: number;
  /** Everything written to standard output. */
  stdout: string;
  /** Everything written to standard error, including the error and hint lines of a failure. */
  stderr: string;
}

function capture(): Output & { text(): string } {
  let text = "";
  return {
    write(chunk: string) {
      text += chunk;
    },
    isTerminal: false,
    text: () => text,
  };
}

function pluginUrl(ref: string | URL): URL {
  if (ref instanceof URL) return ref;
  if (URL.canParse(ref) && !/^[a-z]:[\\/]/i.test(ref)) return new URL(ref);
  throw new SuperAgentsError("PLUGIN_URL_INVALID", `"${ref}" is not a module URL`, {
    hint: 'pass the manifest module as a URL: new URL("./mod.ts", import.meta.url)',
  });
}

async function loadManifest(url: URL): Promise<PluginManifest> {
  const module = await importModule<{ default?: PluginManifest }>(url);
  const manifest = module.default;
  if (typeof manifest !== "object" || manifest === null || typeof manifest.name !== "string") {
    throw new SuperAgentsError(
      "PLUGIN_MANIFEST_MISSING",
      `${url.href} does not default-export a plugin manifest`,
      { hint: "end the module with `export default definePlugin({ name, version, … })`" },
    );
  }
  return manifest;
}

/** The plugin's commands as the CLI's command table lists them, each loaded on use. */
function commandEntries(manifest: PluginManifest, base: URL): CommandEntry[] {
  return (manifest.commands ?? []).map((contribution) => ({
    name: contribution.name,
    summary: contribution.summary,
    ...(contribution.hidden ? { hidden: true } : {}),
    load: async () => {
      const url = moduleUrl(contribution.module, base);
      const { command } = await importModule<{ command?: CommandSpec }>(url);
      if (!command) {
        throw new SuperAgentsError(
          "PLUGIN_COMMAND_MISSING",
          `${url.href} does not export \`command\` (plugin ${manifest.name})`,
          { hint: "export the command: `export const command = defineCommand({ … })`" },
        );
      }
      return { command };
    },
  }));
}

/** Prints a failure the way the CLI does: message and hint, or `{"error": …}` with `--json`. */
function reportFailure(ctx: Context, error: unknown): number {
  const known = error instanceof SuperAgentsError;
  const message = error instanceof Error ? error.message : String(error);
  if (ctx.json) {
    const body = known ? error.toJSON() : { code: "INTERNAL", message };
    ctx.stderr.write(JSON.stringify({ error: body }) + "\n");
  } else {
    ctx.stderr.write(`error: ${message}\n`);
    const hint = known ? error.hint : "rerun with --debug for details and report it";
    if (hint) ctx.stderr.write(`hint: ${hint}\n`);
  }
  if (ctx.debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return known ? error.exitCode : ExitCode.failure;
}

/**
 * Runs `super-agents <args…>` against one plugin: loads the manifest that
 * `pluginModuleUrl` default-exports, finds the command `args[0]` among its
 * commands, and runs it in `options.cwd` with a context whose output is
 * captured. Failures come back as the CLI reports them (exit code, `error:`
 * and `hint:` lines); only a broken manifest module rejects.
 *
 * @example
 * ```ts
 * import { runPluginCommand, withTempProject } from "jsr:@super-agents/cli/plugin/testing";
 *
 * const result = await withTempProject((root) =>
 *   runPluginCommand(new URL("./mod.ts", import.meta.url), ["hello", "--json"], {
 *     cwd: root,
 *     env: { HELLO_GREETING: "Hi" },
 *   })
 * );
 * console.log(result.code, result.stdout);
 * ```
 */
export async function runPluginCommand(
  pluginModuleUrl: string | URL,
  args: string[],
  options: RunPluginCommandOptions,
): Promise<CommandResult> {
  const url = pluginUrl(pluginModuleUrl);
  const entries = commandEntries(await loadManifest(url), url);
  const env = options.env ?? {};
  const home = env.HOME ?? await Deno.makeTempDir({ prefix: "super-agents-home-" });
  const stdout = capture();
  const stderr = capture();
  const { flags, rest } = extractGlobalFlags(args);
  const ctx = createContext({
    cwd: options.cwd,
    env: (name) => name === "HOME" ? home : env[name],
    home,
    stdout,
    stderr,
    json: flags.json,
    debug: flags.debug,
    color: false,
    commands: entries,
  });
  let code: number;
  try {
    code = await dispatch(ctx, entries, rest, flags, VERSION);
  } catch (error) {
    code = reportFailure(ctx, error);
  } finally {
    if (env.HOME === undefined) await Deno.remove(home, { recursive: true });
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Runs `fn` with the root of a new temporary project — a directory holding
 * `.claude/config.json` as `super-agents init` writes it — and removes the
 * directory afterwards, also when `fn` throws. The path is the real path
 * (symbolic links resolved), so it compares equal to what commands see.
 *
 * @example
 * ```ts
 * import { withTempProject } from "jsr:@super-agents/cli/plugin/testing";
 *
 * await withTempProject(async (root) => {
 *   await Deno.writeTextFile(`${root}/README.md`, "# demo\n");
 * });
 * ```
 */
export async function withTempProject<T>(fn: (root: string) => T | Promise<T>): Promise<T> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "super-agents-project-" }));
  try {
    await Deno.mkdir(join(root, ".claude"));
    await Deno.writeTextFile(join(root, ".claude", "config.json"), projectConfig);
    return await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Options of {@linkcode runPluginExecutor}. */
export interface RunPluginExecutorOptions {
  /** The project root the job runs in: usually the root from {@linkcode withTempProject}. */
  cwd: string;
  /** The job's input (what `super-agents run <agent> "<task>"` sends: `{ task }`). */
  input?: unknown;
  /** The checkpoint an earlier attempt saved (a resumed job). */
  checkpoint?: unknown;
}

/** What one job of an executor did. */
export interface ExecutorRun {
  /** What `execute` returned. */
  result: unknown;
  /** Every progress report, in order. */
  progress: ExecutorProgress[];
  /** The last checkpoint it saved, if any. */
  checkpoint?: unknown;
}

/**
 * Runs one job of the executor `name` of the plugin at `pluginModuleUrl`:
 * imports its `module` and calls `execute` with the context the worker
 * pool gives it (job, grants, progress and checkpoints). Like
 * {@linkcode runPluginCommand} it runs in the test's process with the
 * test's permissions; an error `execute` throws is thrown to the test.
 *
 * @example
 * ```ts
 * import { runPluginExecutor, withTempProject } from "jsr:@super-agents/cli/plugin/testing";
 *
 * const run = await withTempProject((root) =>
 *   runPluginExecutor(new URL("./mod.ts", import.meta.url), "echo", { cwd: root, input: { task: "hi" } })
 * );
 * console.log(run.result);
 * ```
 */
export async function runPluginExecutor(
  pluginModuleUrl: string | URL,
  name: string,
  options: RunPluginExecutorOptions,
): Promise<ExecutorRun> {
  const url = pluginUrl(pluginModuleUrl);
  const manifest = await loadManifest(url);
  const contribution = manifest.executors?.find((e) => e.name === name);
  if (!contribution?.module) {
    throw new SuperAgentsError(
      "PLUGIN_EXECUTOR_NOT_FOUND",
      `${url.href} declares no executor ${name} with a module`,
      {
        hint: 'declare it: executors: [{ name, module: new URL("./execute.ts", import.meta.url) }]',
      },
    );
  }
  const { execute } = await importModule<{ execute?: Executor }>(
    moduleUrl(contribution.module, url),
  );
  if (typeof execute !== "function") {
    throw new SuperAgentsError(
      "PLUGIN_EXECUTOR_INVALID",
      `the executor ${name} exports no execute`,
      {
        hint: "export it: `export const execute: Executor = async (ctx) => { ... }`",
      },
    );
  }
  const run: ExecutorRun = { result: undefined, progress: [] };
  run.result = await execute({
    job: {
      id: "job_test",
      agent: `${name}-agent`,
      input: options.input ?? null,
      attempt: 1,
      correlationId: null,
      ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
    },
    dependencies: [],
    root: options.cwd,
    workspace: null,
    agentConfig: undefined,
    sandbox: {
      root: options.cwd,
      read: [options.cwd],
      write: false,
      net: false,
      run: false,
      env: false,
    },
    progress: (progress) => run.progress.push(progress),
    checkpoint: (data) => {
      run.checkpoint = data;
      run.progress.push({ data });
    },
  });
  return run;
}
