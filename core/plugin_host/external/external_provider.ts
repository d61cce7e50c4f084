/**
 * A third-party plugin's executor, seen by the runtime as a provider of the
 * same name (an agent file says `provider: <executor>`). The provider is
 * built here, in the CLI, from the manifest's data — no plugin code runs in
 * this process. Both ways an agent runs go through the worker pool, on the
 * built-in third-party executor's worker, which imports the plugin's
 * `execute` module inside the job's sandbox: `run` starts a one-job pool
 * (`super-agents run <agent>`), and {@linkcode ProviderPlugin.queued} tells
 * the queue runner which pool executor, sandbox and settings a queued job
 * gets. The sandbox is the plugin's accepted permissions at the project
 * (relative paths are the project's), carved around the protected and
 * hidden paths like a plugin command's; its `permissions:` in the agent
 * file do not widen it. A denial is the pool's usual `SANDBOX_DENIED`.
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../errors.ts";
import type { AgentJob, AgentJobIO, AgentJobResult, ProviderPlugin } from "../../plugin.ts";
import type { PoolOutcome } from "../../pool/pool_task.ts";
import type { SandboxSpec } from "../../pool/sandbox.ts";
import { WorkerPool } from "../../pool/worker_pool.ts";
import { maybePluginHost } from "../current.ts";
import { thirdPartyExecutorName } from "../host.ts";
import { assertImportsContained } from "./import_containment.ts";
import type { PluginPermissions } from "./plugin_permissions.ts";
import type { PluginSource } from "./plugin_source.ts";
import { commandPermissions, type PluginPlace, readListings } from "./worker_permissions.ts";

/** How long `run` lets a third-party executor take (queued jobs use the agent's timeout). */
const RUN_TIMEOUT_MS = 10 * 60_000;

/** One executor of one active third-party plugin. */
export interface ExecutorTarget {
  plugin: string;
  /** What to pass to `plugins add` to review the plugin again. */
  specifier: string;
  executor: string;
  /** The URL of the module that exports `execute`. */
  module: string;
  /**
   * A URL plugin's executor modules and the modules they import, with their
   * digests when the user accepted it (its worker checks them before import).
   */
  digests?: Record<string, string>;
  /** Where its code runs from (a URL plugin: its copy, `codeSource`). */
  source: PluginSource;
  granted: PluginPermissions;
  place: PluginPlace;
}

/** What the third-party executor's worker gets as the job's `agentConfig`. */
export interface ThirdPartyAgentConfig {
  module: string;
  /** The accepted digests of the plugin's modules: imported only while their sources have them. */
  digests?: Record<string, string>;
  listings: ReturnType<typeof readListings>;
}

/**
 * The sandbox of the executor's jobs: the plugin's permissions at its place.
 *
 * @example
 * ```ts
 * executorSandbox(target).read; // ["/p/src", "/work/probe"] (its grant, and its own folder)
 * ```
 */
export function executorSandbox(target: ExecutorTarget): SandboxSpec {
  const permissions = commandPermissions(target.source, target.granted, target.place);
  return {
    read: permissions.read,
    write: permissions.write,
    net: permissions.net,
    run: permissions.run,
    env: permissions.env,
    // A URL plugin's modules are imported from its origin, and from nowhere else.
    import: permissions.import === false ? [] : permissions.import,
    workspace: false,
  };
}

function agentConfigOf(target: ExecutorTarget): ThirdPartyAgentConfig {
  assertImportsContained(`the executor ${target.executor} of plugin "${target.plugin}"`);
  return {
    module: target.module,
    ...(target.digests ? { digests: target.digests } : {}),
    listings: readListings(target.granted, target.place),
  };
}

function outputOf(result: unknown): string {
  const output = (result as { output?: unknown } | null)?.output;
  return typeof output === "string" ? output : JSON.stringify(result ?? null);
}

function resultOf(outcome: PoolOutcome, target: ExecutorTarget): AgentJobResult {
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const base = {
    model: `plugin:${target.plugin}`,
    turns: 0,
    usage,
    usageByModel: {},
    costUsd: 0,
    fallbacks: [],
  };
  if (outcome.kind === "succeeded") {
    return { ...base, status: "completed", output: outputOf(outcome.result) };
  }
  const denied = outcome.kind === "failed" && outcome.error.code === "SANDBOX_DENIED";
  const hint = `the plugin ${target.plugin} runs with the permissions you accepted for it; if it ` +
    `needs more, its manifest must ask and you must accept again: ` +
    `\`super-agents plugins add ${target.specifier}\``;
  const error = outcome.kind === "failed"
    ? {
      code: outcome.error.code ?? "AGENT_FAILED",
      message: outcome.error.message,
      ...(denied ? { hint } : {}),
    }
    : {
      code: "AGENT_INTERRUPTED",
      message: outcome.kind === "cancelled" ? "the task was cancelled" : outcome.reason,
    };
  return { ...base, status: "failed", output: "", error };
}

async function runInOwnPool(
  target: ExecutorTarget,
  job: AgentJob,
  io: AgentJobIO,
): Promise<AgentJobResult> {
  const executor = thirdPartyExecutorName(target.plugin, target.executor);
  const worker = maybePluginHost()?.executors()[executor];
  if (!worker) {
    throw new SuperAgentsError(
      "EXECUTOR_UNKNOWN",
      `no worker runs the executor ${target.executor} of plugin "${target.plugin}"`,
      { hint: "the built-in plugin manager hosts third-party executors; reinstall super-agents" },
    );
  }
  const pool = new WorkerPool({
    workerUrl: (name) => name === executor ? worker : undefined,
    size: 1,
    place: {
      root: target.place.root,
      workspacesDir: join(target.place.root, ".claude", "workspaces"),
      modelApiHost: "api.anthropic.com", // unused: the sandbox names its hosts
      masks: [target.place.dataHome],
    },
  });
  try {
    const outcome = await pool.run({
      jobId: job.id,
      agent: job.agent.name,
      executor,
      input: { task: job.task },
      attempt: 1,
      correlationId: null,
      dependencies: [],
      sandbox: executorSandbox(target),
      timeoutMs: RUN_TIMEOUT_MS,
      agentConfig: agentConfigOf(target),
      onProgress: (progress) => {
        if (typeof progress.message === "string") io.write(`${progress.message}\n`);
      },
    });
    const result = resultOf(outcome, target);
    if (result.status === "completed" && result.output) io.write(result.output);
    return result;
  } finally {
    await pool.close();
  }
}

/**
 * The provider that runs agents on `target`, a third-party executor.
 *
 * @example
 * ```ts
 * const provider = externalProvider(target);
 * provider.queued?.({ name: "probe-agent", version: "v1", timeoutMs: 60_000 }).executor; // "probe/probe"
 * ```
 */
export function externalProvider(target: ExecutorTarget): ProviderPlugin {
  return {
    name: target.executor,
    summary: `the executor ${target.executor} of plugin "${target.plugin}"`,
    usesModel: false,
    run: (job, io) => runInOwnPool(target, job, io),
    queued: (agent) => ({
      executor: thirdPartyExecutorName(target.plugin, target.executor),
      version: agent.version,
      sandbox: executorSandbox(target),
      ...(agent.timeoutMs ? { timeoutMs: agent.timeoutMs } : {}),
      agentConfig: agentConfigOf(target),
      lane: "cpu",
    }),
  };
}
