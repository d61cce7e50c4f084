/**
 * Runs one job on the Messages API: builds (and reuses) the SDK client with
 * its own retries off, seeds an availability monitor from the job's health
 * snapshot, and hands over to the tool-use loop.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { AgentJob, AgentJobIO, AgentJobResult } from "../../core/plugin.ts";
import { AvailabilityMonitor } from "../../core/router/availability.ts";
import { type LoopOptions, runMessagesLoop } from "./loop.ts";
import type { Anthropic } from "./deps.ts";

/** The one-line fix for a missing API key. */
export const API_KEY_HINT =
  "set ANTHROPIC_API_KEY (https://console.anthropic.com/settings/keys), or run with --provider claude-code";

const clients = new Map<string, Anthropic>();

/** A client per key and base URL, created once per process (or worker). */
export async function anthropicClient(apiKey: string, baseURL?: string): Promise<Anthropic> {
  const key = `${apiKey}\n${baseURL ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    const { Anthropic } = await import("./deps.ts");
    client = new Anthropic({
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      maxRetries: 0, // the router's fallback runner is the only retry layer
      webhookKey: null,
      logLevel: "warn",
    });
    clients.set(key, client);
  }
  return client;
}

/**
 * Runs `job` through the Messages API (with `options.connector`, through the
 * beta endpoint with the MCP connector's remote servers).
 *
 * @example
 * ```ts
 * const result = await runAnthropic(job, io); // io.env supplies ANTHROPIC_API_KEY
 * ```
 */
export async function runAnthropic(
  job: AgentJob,
  io: AgentJobIO,
  options: Pick<LoopOptions, "connector"> = {},
): Promise<AgentJobResult> {
  const apiKey = io.env("ANTHROPIC_API_KEY");
  if (!apiKey) {
    throw new SuperAgentsError("NO_API_KEY", "ANTHROPIC_API_KEY is not set", {
      hint: API_KEY_HINT,
    });
  }
  const client = await anthropicClient(apiKey, io.env("ANTHROPIC_BASE_URL"));
  const monitor = AvailabilityMonitor.fromSnapshot(
    job.health,
    job.retry,
    io.now,
    (model, health) => io.health?.(model, health),
  );
  return await runMessagesLoop(job, io, client, {
    settings: job.retry,
    monitor,
    ...(options.connector ? { connector: options.connector } : {}),
  });
}
