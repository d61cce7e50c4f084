/**
 * `super-agents router explain <agent> "<task>"`: the routing decision for a
 * task — assignment, complexity × urgency, the learned tier and its evidence
 * (the outcome history per tier on the task's kind, when a plugin such as
 * analytics provides a tier chooser), the model and its fallback chain, and
 * which models are cooling down — without running anything.
 * @module
 */

import { type CommandArgs, defineCommand, stringFlag } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { UsageError } from "../../core/errors.ts";
import { URGENCIES, type Urgency } from "../../core/router/matrix.ts";
import { routeAgent } from "../../core/router/route.ts";
import { loadAgentEnvironment } from "../load_catalog.ts";
import { openMonitor } from "../run_agent.ts";
import { loadTierChooser } from "../adaptive_routing.ts";

async function explain(ctx: Context, args: CommandArgs): Promise<void> {
  const [agentName, ...words] = args.positionals;
  const task = words.join(" ").trim();
  const urgency = stringFlag(args, "urgency");
  if (urgency !== undefined && !(URGENCIES as readonly string[]).includes(urgency)) {
    throw new UsageError(`invalid --urgency "${urgency}"`, `use one of ${URGENCIES.join(", ")}`);
  }
  if (!task && stringFlag(args, "kind") === undefined) {
    throw new UsageError(
      "router explain needs a task or --kind",
      'e.g. `super-agents router explain architect-agent "design the cache"`',
    );
  }
  const { catalog, config, paths } = await loadAgentEnvironment(ctx);
  const agent = catalog.get(agentName);
  const monitor = paths ? await openMonitor(paths, config, ctx) : undefined;
  const chooser = paths ? await loadTierChooser(paths, () => ctx.now(), config) : undefined;
  const kind = stringFlag(args, "kind");
  const decision = routeAgent({
    agent: agent.name,
    agentModel: agent.model,
    task,
    urgency: urgency as Urgency | undefined,
    override: stringFlag(args, "model"),
    models: config.models,
    availability: monitor ? (model) => monitor.availability(model) : undefined,
    ...(chooser
      ? { chooser, chooserInput: { version: agent.version, ...(kind ? { kind } : {}) } }
      : {}),
  });
  chooser?.close();
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify(decision) + "\n");
    return;
  }
  ctx.stdout.write([
    `${agent.name} → ${decision.model}${decision.tier ? ` (${decision.tier})` : ""}`,
    ...decision.steps.map((step) => `  - ${step}`),
    `  complexity ${decision.complexity}, urgency ${decision.urgency}`,
    ...decision.chain.map((model, i) =>
      `  ${i === 0 ? "start" : "then "} ${model}: ${decision.availability[model]}`
    ),
    "",
  ].join("\n"));
}

const explainCommand = defineCommand({
  name: "explain",
  summary: "show which model a task would use, and why",
  positionals: [
    { name: "agent", description: "agent name, e.g. architect-agent", required: true },
    { name: "task", description: "the task text (or give --kind)", variadic: true },
  ],
  flags: {
    model: { type: "string", description: "<tier|id> as `run --model` would" },
    urgency: { type: "string", description: "<level> low, normal, high or critical" },
    kind: { type: "string", description: "<kind> task kind whose history counts, e.g. review" },
  },
  examples: [
    'super-agents router explain architect-agent "design the plugin registry"',
    'super-agents router explain developer "fix a typo" --urgency critical --json',
    "super-agents router explain architect-agent --kind design",
  ],
  run: explain,
});

/** The `router` command. */
export const command = defineCommand({
  name: "router",
  summary: "explain model routing decisions",
  subcommands: { explain: explainCommand },
  examples: ['super-agents router explain reviewer-agent "review the last commit"'],
});
