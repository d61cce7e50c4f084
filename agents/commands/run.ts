/**
 * `super-agents run <agent> "<task>"`: runs one agent now and streams its
 * output. `--dry-run` shows the prompt, tools, sandbox and routing without
 * calling a model (and without an API key). An agent whose grants are not
 * trusted does not run (`AGENT_UNTRUSTED`, naming the widened grants and
 * `super-agents agents trust <name>`); a dry run of it says so and runs nothing.
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  stringFlag,
} from "../../core/cli/command.ts";
import { shellQuote } from "../../core/cli/shell_quote.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import { requireProject } from "../../core/paths.ts";
import { enforceRateLimit } from "../../core/resources/rate_limiter.ts";
import { withStoredSecrets } from "../../core/secrets/get_secret.ts";
import { URGENCIES, type Urgency } from "../../core/router/matrix.ts";
import { loadAgentEnvironment } from "../load_catalog.ts";
import { providerName, runAgent } from "../run_agent.ts";
import { printDryRun } from "./dry_run.ts";
import { MODEL_PROVIDERS } from "../runtime/resolve_agent.ts";

function parseShard(value: string | undefined): { index: number; total: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) {
    throw new UsageError(
      `invalid --shard "${value}"`,
      "use --shard i/n with 1 <= i <= n, e.g. --shard 2/4",
    );
  }
  return { index: Number(match[1]), total: Number(match[2]) };
}

function parseUrgency(value: string | undefined): Urgency | undefined {
  if (value === undefined) return undefined;
  if (!(URGENCIES as readonly string[]).includes(value)) {
    throw new UsageError(`invalid --urgency "${value}"`, `use one of ${URGENCIES.join(", ")}`);
  }
  return value as Urgency;
}

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const [agentName, ...words] = args.positionals;
  const paths = requireProject(ctx);
  const { catalog, config } = await loadAgentEnvironment(ctx);
  const agent = catalog.get(agentName);
  const provider = providerName(agent, stringFlag(args, "provider"));
  // Agents that call no model (local ones, a plugin's on its executor) can run without a task.
  const local = provider === "local" ||
    (agent.source.kind === "plugin" && !MODEL_PROVIDERS.has(provider));
  const task = words.join(" ").trim() || (local ? agent.description : "");
  if (!task) {
    throw new UsageError(
      "missing task text",
      `e.g. super-agents run ${agent.name} "review the last commit"`,
    );
  }
  const common = {
    model: stringFlag(args, "model"),
    provider: stringFlag(args, "provider"),
    urgency: parseUrgency(stringFlag(args, "urgency")),
    shard: parseShard(stringFlag(args, "shard")),
  };
  if (agent.isolation === "worktree" && !booleanFlag(args, "here")) {
    // `run` works in the project as it is; the file asks for a worktree of its own.
    const quoted = shellQuote(task);
    throw new SuperAgentsError(
      "AGENT_ISOLATED",
      `agent ${agent.name} asks for isolation: worktree, and \`run\` would let it write your ` +
        "working tree",
      {
        hint: `queue it to run on its own branch: \`super-agents task create ${agent.name} ` +
          `--input ${quoted}\` then \`super-agents worker --once\` (\`flow show|apply <job>\`); ` +
          "or pass --here to run it in the working tree anyway",
        exitCode: 2,
      },
    );
  }
  if (booleanFlag(args, "dry-run")) {
    await catalog.trust.require(agent).catch((error) => {
      if (!(error instanceof SuperAgentsError && error.code === "AGENT_UNTRUSTED")) throw error;
      // A dry run runs nothing: it shows the plan, and says that a real run would be refused.
      ctx.stderr.write(`note: ${error.message}\nhint: ${error.hint}\n`);
    });
    await printDryRun(ctx, { paths, config, agent, task, ...common });
    return 0;
  }
  await catalog.trust.require(agent);
  await enforceRateLimit(paths.state, "run", config.resources.runsPerMinute, ctx.now);
  ctx = await withStoredSecrets(ctx, ["ANTHROPIC_API_KEY"]); // env first, then `secrets set`
  const stream = !ctx.json;
  const outcome = await runAgent({
    ctx,
    paths,
    config,
    agent,
    task,
    ...common,
    stream,
    out: (text) => {
      if (stream) ctx.stdout.write(text);
    },
  });
  const { result } = outcome;
  if (ctx.json) {
    ctx.stdout.write(
      JSON.stringify({
        task: outcome.taskId,
        provider: outcome.provider,
        route: outcome.route,
        ...result,
      }) + "\n",
    );
  } else {
    const tokens = result.usage.inputTokens + result.usage.outputTokens +
      result.usage.cacheReadTokens + result.usage.cacheWriteTokens;
    const mark = result.status === "completed" ? "✓" : "✗";
    ctx.stdout.write(
      `\n${mark} ${agent.name} ${
        result.status.replace("_", " ")
      } on ${result.model} · ${result.turns} turn(s) · ` +
        `${tokens} tokens · $${result.costUsd.toFixed(4)} · task ${outcome.taskId}\n`,
    );
    if (result.error) {
      ctx.stderr.write(
        `error: ${result.error.message}\n${
          result.error.hint ? `hint: ${result.error.hint}\n` : ""
        }`,
      );
    }
  }
  return result.status === "completed" ? 0 : 1;
}

/** The `run` command. */
export const command = defineCommand({
  name: "run",
  summary: "run an agent on a task now, streaming its output",
  description:
    "Routes the task to a model (see `super-agents router explain`), runs the agent in its\n" +
    "sandboxed worker and records events and cost. LLM agents need ANTHROPIC_API_KEY (or\n" +
    "--provider claude-code); local checks (test-executor-check) need nothing.",
  positionals: [
    { name: "agent", description: "agent name, e.g. developer-agent", required: true },
    {
      name: "task",
      description: "what the agent should do (optional for local agents)",
      variadic: true,
    },
  ],
  flags: {
    model: {
      type: "string",
      description: "<tier|id> start on this model (opus, sonnet, haiku or an id)",
    },
    provider: { type: "string", description: "<name> anthropic, claude-code or local" },
    urgency: {
      type: "string",
      description: "<level> low, normal, high or critical (routing matrix)",
    },
    shard: { type: "string", description: "<i/n> run shard i of n (test-executor-check)" },
    "dry-run": {
      type: "boolean",
      description: "show prompt, tools, sandbox and routing; call no model",
    },
    here: {
      type: "boolean",
      description: "run an agent whose file asks for isolation: worktree in the working tree",
    },
  },
  examples: [
    'super-agents run reviewer-agent "review the last commit"',
    'super-agents run developer "add a --verbose flag" --model opus',
    'super-agents run architect-agent "design the cache" --dry-run',
    "super-agents run test-executor-check --shard 1/4",
  ],
  run,
});
