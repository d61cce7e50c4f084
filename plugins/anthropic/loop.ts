/**
 * The tool-use loop over the Messages API: send the conversation, run the
 * tool calls the model asks for through the tool host (inside the agent's
 * sandbox), send the results back, until the model ends its turn. Every
 * model call goes through the router's fallback runner (the only retry
 * layer: the SDK's retries are off); every turn is checked against the
 * budget; the system prompt is marked for prompt caching; text streams to
 * the output as it arrives. With an MCP connector (remote MCP servers the
 * API calls on our behalf) requests go to the beta endpoint with the
 * connector's `betas` and `mcp_servers`.
 * @module
 */

import { BudgetWatchdog } from "../../agents/budget.ts";
import type {
  AgentJob,
  AgentJobIO,
  AgentJobResult,
  FallbackRecord,
  TokenUsage,
} from "../../core/plugin.ts";
import type { AvailabilityMonitor } from "../../core/router/availability.ts";
import { FallbackRunner } from "../../core/router/fallback.ts";
import type { ModelsConfig } from "../../core/router/models_config.ts";
import { addUsage, costOf, emptyUsage } from "../../core/router/pricing.ts";
import type { Anthropic, ContentBlock, ContentBlockParam, Message, MessageParam } from "./deps.ts";
import { classifyAnthropicError, describeFailure } from "./errors.ts";
import { agentParams } from "./request.ts";
import { reportRateLimit, reportRateLimitError } from "./rate_limit.ts";
import { withSpan } from "../../core/telemetry.ts";
import { chatRequestAttributes, chatResponseAttributes } from "./gen_ai_attributes.ts";

/** Retry policy and availability for the loop. */
export interface LoopOptions {
  settings: Pick<ModelsConfig, "retries" | "backoffBaseMs" | "backoffMaxMs" | "maxRetryAfterMs">;
  monitor?: AvailabilityMonitor;
  /** Remote MCP servers for the Messages API MCP connector, with the beta it needs. */
  connector?: McpConnector;
}

/** The request fields that turn on the Messages API MCP connector. */
export interface McpConnector {
  betas: string[];
  mcp_servers: { type: "url"; name: string; url: string; [field: string]: unknown }[];
}

function usageOf(message: Message): TokenUsage {
  return {
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
  };
}

function fallbackLine(record: FallbackRecord): string {
  const wait = record.retryAfterMs
    ? ` after ${(record.retryAfterMs / 1000).toFixed(1)}s (retry-after)`
    : "";
  return `\n↪ ${record.from} ${
    record.status ?? "unreachable"
  } (${record.reason}); continuing on ${record.to}${wait}\n`;
}

function brief(input: unknown): string {
  const text = JSON.stringify(input);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Runs one job to completion, budget stop or failure.
 *
 * @example
 * ```ts
 * const result = await runMessagesLoop(job, io, client, { settings: config.models });
 * ```
 */
export async function runMessagesLoop(
  job: AgentJob,
  io: AgentJobIO,
  client: Anthropic,
  options: LoopOptions,
): Promise<AgentJobResult> {
  const watchdog = new BudgetWatchdog(job.budget, job.agent.name);
  const usage = emptyUsage();
  const usageByModel: Record<string, TokenUsage> = {};
  const costByModel: Record<string, number> = {};
  let costUsd = 0;
  let turns = 0;
  let output = "";
  const runner = new FallbackRunner({
    chain: job.models,
    settings: options.settings,
    monitor: options.monitor,
    classify: (error) => classifyAnthropicError(error, io.now()),
    // While it waits out a retry-after the job gives its call slot back, and it
    // calls again only once the lane (whose ceiling the throttle lowered) admits it.
    sleep: async (ms) => {
      io.callSlot?.release(false);
      await io.sleep(ms, io.signal);
      await io.callSlot?.acquire();
    },
    onFallback: async (record) => {
      io.write(fallbackLine(record));
      await io.event("model.fallback", { agent: job.agent.name, ...record });
    },
    onRetry: (model, attempt, delayMs, failure) =>
      io.write(
        `\n↻ ${model} ${failure.status ?? "unreachable"}; retry ${attempt} in ${delayMs} ms\n`,
      ),
  });
  const base = agentParams(job, io.tools.definitions);
  const messages = (job.history as MessageParam[] | undefined)?.slice() ??
    [{ role: "user", content: job.task }];
  const result = (status: AgentJobResult["status"], error?: AgentJobResult["error"]) => ({
    status,
    output,
    model: runner.current,
    turns,
    usage,
    usageByModel,
    costUsd,
    costByModel,
    fallbacks: runner.fallbacks,
    ...(error ? { error } : {}),
  });
  // The beta endpoint takes the same request plus the connector's fields and
  // answers a superset of Message (its mcp_tool_use/mcp_tool_result blocks are
  // the API's own tool calls: the loop passes them back untouched).
  const api = options.connector
    ? client.beta.messages as unknown as Anthropic["messages"]
    : client.messages;
  const connector = options.connector ?? {};
  const send = async (model: string): Promise<Message> => {
    const params = { ...base, ...connector, model, messages };
    try {
      if (!job.stream) {
        const { data, response } = await api.create(params, { signal: io.signal }).withResponse();
        reportRateLimit(io, response.headers, response.status);
        return data;
      }
      const stream = api.stream(params, { signal: io.signal });
      stream.on("text", (text) => io.write(text));
      return await stream.finalMessage();
    } catch (error) {
      reportRateLimitError(io, error);
      throw error;
    }
  };
  const callModel = (model: string) =>
    withSpan(`chat ${model}`, chatRequestAttributes(model, job.maxTokens), async (span) => {
      const message = await send(model);
      span.set(chatResponseAttributes(message, job.prices[message.model] ?? job.prices[model]));
      return message;
    }, { kind: "client" });
  const last = messages[messages.length - 1];
  if (last.role === "assistant" && Array.isArray(last.content)) {
    messages.push({ role: "user", content: await runTools(job, io, last.content) });
  }
  while (true) {
    const stop = watchdog.beforeCall(turns);
    if (stop) {
      io.write(`\n■ ${stop.message}\n`);
      return result("budget_exceeded", { code: "BUDGET_EXCEEDED", ...stop });
    }
    let message: Message;
    try {
      message = await withSpan(
        "agent.turn",
        { "super_agents.turn": turns + 1 },
        () => runner.call(callModel),
      );
    } catch (error) {
      const failure = describeFailure(error);
      if (!failure) throw error;
      io.write(`\n✗ ${failure.message}\n`);
      return result("failed", failure);
    }
    turns++;
    const turnUsage = usageOf(message);
    addUsage(usage, turnUsage);
    addUsage(usageByModel[message.model] ??= emptyUsage(), turnUsage);
    const price = job.prices[message.model] ?? job.prices[runner.current];
    const turnCost = price ? costOf(turnUsage, price) : 0;
    costUsd += turnCost;
    costByModel[message.model] = (costByModel[message.model] ?? 0) + turnCost;
    output = message.content.filter((b) => b.type === "text").map((b) => b.text).join("");
    const spent = watchdog.afterCall(usage, costUsd);
    if (spent) {
      io.write(`\n■ ${spent.message}\n`);
      return result("budget_exceeded", { code: "BUDGET_EXCEEDED", ...spent });
    }
    if (message.stop_reason !== "tool_use") {
      if (message.stop_reason === "max_tokens") io.write("\n(answer cut at max_tokens)\n");
      return result("completed");
    }
    messages.push({ role: "assistant", content: message.content as ContentBlockParam[] });
    messages.push({ role: "user", content: await runTools(job, io, message.content) });
  }
}

/** Runs the tool calls of an assistant turn; returns the tool results. */
async function runTools(
  job: AgentJob,
  io: AgentJobIO,
  content: readonly (ContentBlock | ContentBlockParam)[],
): Promise<ContentBlockParam[]> {
  const results: ContentBlockParam[] = [];
  for (const block of content) {
    if (block.type !== "tool_use") continue;
    const outcome = await withSpan(`execute_tool ${block.name}`, {
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": block.name,
      "gen_ai.tool.call.id": block.id,
    }, async (span) => {
      const called = await io.tools.call(block.name, block.input);
      span.set({ "super_agents.tool.is_error": called.isError });
      return called;
    });
    io.write(`\n${outcome.isError ? "✗" : "✓"} ${block.name} ${brief(block.input)}\n`);
    await io.event("agent.tool_call", {
      agent: job.agent.name,
      tool: block.name,
      isError: outcome.isError,
      ...(outcome.isError ? { error: outcome.content.slice(0, 500) } : {}),
    });
    results.push({
      type: "tool_result",
      tool_use_id: block.id,
      content: outcome.content,
      ...(outcome.isError ? { is_error: true } : {}),
    });
  }
  return results;
}
