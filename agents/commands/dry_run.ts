/**
 * `run --dry-run`: everything a run would send and where, without calling
 * a model — routing decision, provider, runtime tools, sandbox grants,
 * budget, the system prompt and the task.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { Urgency } from "../../core/router/matrix.ts";
import { systemPrompt } from "../system_prompt.ts";
import { buildJob, newTaskId } from "../build_job.ts";
import type { AgentDefinition } from "../definition.ts";
import { runningKmUrl } from "../km_endpoint.ts";
import { openMonitor, providerName } from "../run_agent.ts";
import { agentSandbox, apiHost, SDK_ENV_NAMES } from "../sandbox_spec.ts";
import { runtimeTools } from "../tools/definitions.ts";

/** What `--dry-run` needs. */
export interface DryRunOptions {
  paths: ProjectPaths;
  config: Config;
  agent: AgentDefinition;
  task: string;
  model?: string;
  provider?: string;
  urgency?: Urgency;
  shard?: { index: number; total: number };
}

/** Prints the plan of a run (text or `--json`). */
export async function printDryRun(ctx: Context, options: DryRunOptions): Promise<void> {
  const { agent, paths, config } = options;
  const monitor = await openMonitor(paths, config, ctx);
  const { job, route } = buildJob({
    id: newTaskId(ctx.now()),
    root: paths.root,
    agent,
    task: options.task,
    config,
    model: options.model,
    urgency: options.urgency,
    stream: true,
    shard: options.shard,
    monitor,
  });
  const km = await runningKmUrl(paths, config.km.host);
  const tools = runtimeTools(agent.tools, { knowledge: km !== undefined });
  const hosts = [apiHost(ctx.env("ANTHROPIC_BASE_URL")), ...(km ? [new URL(km).host] : [])];
  const sandbox = agentSandbox(agent.permissions, { hosts, env: SDK_ENV_NAMES });
  const provider = providerName(agent, options.provider);
  const system = systemPrompt(job, tools);
  const plan = {
    agent: agent.name,
    version: agent.version,
    provider,
    route,
    tools,
    sandbox,
    budget: job.budget,
    timeoutMs: agent.timeout,
    maxTokens: job.maxTokens,
    thinking: agent.thinking ?? null,
    system,
    task: options.task,
  };
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ dryRun: true, ...plan }) + "\n");
    return;
  }
  const grants = Object.entries(sandbox).map(([k, v]) =>
    `${k}=${Array.isArray(v) ? v.join(",") || "none" : v}`
  ).join("  ");
  ctx.stdout.write([
    `dry run: ${agent.name} (${agent.version}) via ${provider} — no model is called`,
    "",
    "routing:",
    ...route.steps.map((step) => `  - ${step}`),
    `  → ${route.model}${
      route.chain.length > 1 ? ` (fallback ${route.chain.slice(1).join(" → ")})` : ""
    }`,
    `tools:   ${tools.join(", ")}`,
    `sandbox: ${grants}`,
    `budget:  turns=${job.budget.turns ?? "-"} tokens=${job.budget.tokens ?? "-"} cost=$${
      job.budget.costUsd ?? "-"
    } timeout=${agent.timeout / 1000}s max_tokens=${job.maxTokens}${
      agent.thinking ? " thinking" : ""
    }`,
    "",
    "── system prompt (cached) ──",
    system,
    "",
    "── task ──",
    options.task,
    "",
  ].join("\n"));
}
