/**
 * Runs an agent through Claude Code headless: `claude -p <task>
 * --output-format stream-json` with the agent's prompt appended to Claude
 * Code's system prompt, its tools as `--allowedTools` (Bash narrowed to the
 * agent's allowed programs), its model and the router's next model as
 * `--fallback-model`. Text streams to the output; our budget watchdog reads
 * the per-message usage and stops the process when a limit is reached.
 * @module
 */

import { BudgetWatchdog } from "../../agents/budget.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { AgentJob, AgentJobIO, AgentJobResult, TokenUsage } from "../../core/plugin.ts";
import { addUsage, costOf, emptyUsage } from "../../core/router/pricing.ts";
import { findClaude } from "./detect.ts";
import { parseStreamLine } from "./stream_json.ts";

/** `--allowedTools` for an agent: its tools, with Bash limited to its programs. */
export function allowedTools(job: AgentJob): string[] {
  const programs = job.agent.programs;
  return job.agent.tools.flatMap((tool) => {
    if (tool !== "Bash" || programs === true) return [tool];
    return Array.isArray(programs) ? programs.map((program) => `Bash(${program}:*)`) : [];
  });
}

/** The `claude` command line of a job. */
export function claudeArgs(job: AgentJob): string[] {
  return [
    "-p",
    job.task,
    "--output-format",
    "stream-json",
    "--verbose",
    "--append-system-prompt",
    job.agent.prompt,
    "--model",
    job.models[0],
    ...(job.models[1] ? ["--fallback-model", job.models[1]] : []),
    "--allowedTools",
    allowedTools(job).join(","),
    ...(job.budget.turns ? ["--max-turns", String(job.budget.turns)] : []),
  ];
}

function usageOf(raw: Record<string, number> | undefined): TokenUsage {
  return {
    inputTokens: raw?.input_tokens ?? 0,
    outputTokens: raw?.output_tokens ?? 0,
    cacheReadTokens: raw?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: raw?.cache_creation_input_tokens ?? 0,
  };
}

/**
 * Runs `job` with Claude Code.
 *
 * @example
 * ```ts
 * const result = await runClaudeCode(job, io);
 * ```
 */
export async function runClaudeCode(job: AgentJob, io: AgentJobIO): Promise<AgentJobResult> {
  const claude = await findClaude(io.env("PATH"));
  if (!claude) {
    throw new SuperAgentsError("CLAUDE_CODE_MISSING", "Claude Code (`claude`) is not on PATH", {
      hint:
        "install it (npm install -g @anthropic-ai/claude-code), or set ANTHROPIC_API_KEY and use --provider anthropic",
    });
  }
  const abort = new AbortController();
  const child = new Deno.Command(claude, {
    args: claudeArgs(job),
    cwd: job.root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: abort.signal,
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const watchdog = new BudgetWatchdog(job.budget, job.agent.name);
  const usage = emptyUsage();
  let model = job.models[0];
  let turns = 0;
  let costUsd = 0;
  let output = "";
  let final: AgentJobResult | undefined;
  const result = (status: AgentJobResult["status"], error?: AgentJobResult["error"]) => ({
    status,
    output,
    model,
    turns,
    usage,
    usageByModel: { [model]: { ...usage } },
    costUsd,
    costByModel: { [model]: costUsd },
    fallbacks: [],
    ...(error ? { error } : {}),
  });
  let buffer = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      const parsed = parseStreamLine(line);
      if (!parsed) continue;
      if (parsed.type === "system" && parsed.model) model = parsed.model;
      if (parsed.type === "assistant") {
        turns++;
        model = parsed.message.model ?? model;
        const turnUsage = usageOf(parsed.message.usage as Record<string, number> | undefined);
        addUsage(usage, turnUsage);
        const price = job.prices[model] ?? job.prices[job.models[0]];
        if (price) costUsd += costOf(turnUsage, price);
        for (const block of parsed.message.content) {
          if (block.type === "text" && typeof block.text === "string") {
            io.write(block.text);
            output = block.text;
          } else if (block.type === "tool_use") {
            io.write(`\n→ ${block.name} ${JSON.stringify(block.input).slice(0, 80)}\n`);
            await io.event("agent.tool_call", {
              agent: job.agent.name,
              tool: block.name,
              via: "claude-code",
            });
          }
        }
        const stop = watchdog.afterCall(usage, costUsd) ?? watchdog.beforeCall(turns);
        if (stop && !final) {
          io.write(`\n■ ${stop.message}\n`);
          final = result("budget_exceeded", { code: "BUDGET_EXCEEDED", ...stop });
          abort.abort();
        }
      }
      if (parsed.type === "result" && !final) {
        output = parsed.result ?? output;
        turns = parsed.num_turns ?? turns;
        if (parsed.total_cost_usd !== undefined) costUsd = parsed.total_cost_usd;
        if (parsed.usage) Object.assign(usage, usageOf(parsed.usage as Record<string, number>));
        final = parsed.is_error
          ? result("failed", {
            code: "CLAUDE_CODE_FAILED",
            message: `Claude Code ended with ${parsed.subtype ?? "an error"}`,
            hint: "rerun with --debug, or run `claude` directly to see its state",
          })
          : result("completed");
      }
    }
  }
  const status = await child.status;
  const errorText = (await stderr).trim();
  if (final) return final;
  return result("failed", {
    code: "CLAUDE_CODE_FAILED",
    message: `claude exited with ${status.code} without a result${
      errorText ? `: ${errorText.split("\n").slice(-3).join(" ")}` : ""
    }`,
    hint: "run `claude -p hello` to check that Claude Code is logged in",
  });
}
