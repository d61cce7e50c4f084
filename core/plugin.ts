/**
 * The provider contract: an {@linkcode AgentJob} is plain JSON (it crosses
 * into workers), and a provider ({@linkcode ProviderPlugin}, contributed by
 * a plugin's manifest through the plugin host, `plugin_host/manifest.ts`)
 * turns it into an {@linkcode AgentJobResult}, using the {@linkcode
 * AgentJobIO} it is given for output, events and the agent's tools.
 * @module
 */

import type { ContainedOptions } from "./pool/contained_command.ts";

/** The agent part of a job: what a provider needs from the definition. */
export interface AgentJobAgent {
  name: string;
  version: string;
  /** System prompt (the definition's body). */
  prompt: string;
  /** Claude Code tool names from the definition. */
  tools: string[];
  thinking?: { type: "adaptive" } | { type: "enabled"; budgetTokens: number };
  /** Programs the agent may run (`permissions.run`), for providers that enforce it themselves. */
  programs?: boolean | string[];
}

/** Token usage of one or more model calls. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Per-million-token prices of one model, in US dollars. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** One run of one agent on one task: plain JSON so it can cross into a worker. */
export interface AgentJob {
  /** The task id (also the cost ledger key). */
  id: string;
  agent: AgentJobAgent;
  /** The user's task text. */
  task: string;
  /** Absolute project root: tool paths resolve against it. */
  root: string;
  /** Models to try in order; the first is the router's choice. */
  models: string[];
  budget: { turns?: number; tokens?: number; costUsd?: number };
  /** Prices of the models in `models` (for the cost budget). */
  prices: Record<string, ModelPrice>;
  maxTokens: number;
  /** Stream text to the terminal as it arrives. */
  stream: boolean;
  /** The router's retry and cool-down policy (`models.*`). */
  retry: {
    retries: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    maxRetryAfterMs: number;
    coolDownFailures: number;
    coolDownMs: number;
    coolDownMaxMs: number;
  };
  /** Known model health when the job started (model id → failures and cool-down). */
  health: Record<string, { failures: number; coolDownUntil: number; coolDownMs: number }>;
  /**
   * Conversation so far, in the provider's message format (a job continued
   * after a batch turn); when it ends with tool calls, they run first.
   */
  history?: unknown[];
  /** Run only shard `index` of `total` (1-based), for agents that can split their work. */
  shard?: { index: number; total: number };
}

/** A model switch during a job, recorded as an event and a line of output. */
export interface FallbackRecord {
  from: string;
  to: string;
  status: number | null;
  reason: string;
  retryAfterMs: number | null;
}

/** How a job ended. */
export interface AgentJobResult {
  status: "completed" | "failed" | "budget_exceeded";
  /** The agent's final text. */
  output: string;
  /** The model that produced the final answer (or was last tried). */
  model: string;
  turns: number;
  usage: TokenUsage;
  /** Usage per model id, for the cost ledger. */
  usageByModel: Record<string, TokenUsage>;
  costUsd: number;
  /** Cost per model id (batch turns are discounted, so it is not usage × list price). */
  costByModel?: Record<string, number>;
  fallbacks: FallbackRecord[];
  error?: { code: string; message: string; hint?: string };
}

/** One tool offered to a model, with its JSON schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** The result of one tool call; `isError` results go back to the model as errors. */
export interface ToolResult {
  content: string;
  isError: boolean;
}

/** Executes the agent's tools, inside the agent's sandbox. */
export interface ToolHost {
  definitions: ToolDefinition[];
  call(name: string, input: unknown): Promise<ToolResult>;
}

/** What a provider can do while it runs a job. */
export interface AgentJobIO {
  /** Streamed output and status lines (fallbacks, budget stops). */
  write(text: string): void;
  /** Records an event (type such as `model.fallback`) in the project's event log. */
  event(type: string, payload: Record<string, unknown>): Promise<void>;
  tools: ToolHost;
  env(name: string): string | undefined;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  signal?: AbortSignal;
  /**
   * Starts a program on the job's behalf inside its OS sandbox (see
   * `pool/contained_command.ts`); present inside a sandboxed worker.
   */
  command?(program: string, args: string[], options?: ContainedOptions): Deno.Command;
  /**
   * The job's call slot in its model lane (present in a laned worker): give
   * it back while waiting out a retry-after (`clean`: the last call was not
   * throttled), and wait for it again before the next call.
   */
  callSlot?: { acquire(): Promise<boolean>; release(clean: boolean): void };
  /** Reports a model's changed health, so the project's availability monitor learns it. */
  health?(
    model: string,
    health: { failures: number; coolDownUntil: number; coolDownMs: number },
  ): void;
}

/** A model back end (Messages API, Claude Code, local code ...). */
export interface ProviderPlugin {
  name: string;
  summary: string;
  /** An environment variable the provider needs, with a one-line hint when it is missing. */
  requiresEnv?: { name: string; hint: string };
  /** Whether it calls a model (false for deterministic local agents). */
  usesModel: boolean;
  /**
   * The worker-pool executor that runs this provider inside the agent's
   * sandboxed worker (so the agent's permissions bound its tools); absent:
   * `run` is called in the parent process.
   */
  executor?: string;
  /** Whether it can run this agent (local providers know a fixed set). */
  supports?(agent: string): boolean;
  run(job: AgentJob, io: AgentJobIO): Promise<AgentJobResult>;
  /**
   * How a queued job of `agent` runs, when the provider decides that itself
   * (a third-party plugin's executor): the pool executor, the sandbox and
   * the settings its worker gets. Absent: the runtime builds the job.
   */
  queued?(agent: { name: string; version: string; timeoutMs?: number }): QueuedAgentPlan;
}

/** How a queued job runs: its pool executor, version, sandbox and settings. */
export interface QueuedAgentPlan {
  executor: string;
  version: string;
  /** Each kind `true`, `false` or a list (paths absolute or relative to the project). */
  sandbox: {
    read?: boolean | string[];
    write?: boolean | string[];
    net?: boolean | string[];
    run?: boolean | string[];
    env?: boolean | string[];
    workspace?: boolean;
  };
  timeoutMs?: number;
  agentConfig?: unknown;
  lane?: "cpu" | "model";
}
