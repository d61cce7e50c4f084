/**
 * `super-agents agents trust <name> | --all`: shows how an agent's grants
 * differ from what it was measured against (its built-in template, or the
 * grants trusted before) and records the new ones in the trust store. On a
 * terminal it asks; without one it needs `--yes`, so nothing trusts an
 * agent on the user's behalf. `--json` prints the difference.
 * @module
 */

import { recordAudit } from "../../core/audit/record_audit.ts";
import { relative } from "node:path";
import { booleanFlag, type CommandArgs, defineCommand } from "../../core/cli/command.ts";
import { lineReader, parseYesNo, prompter } from "../../core/cli/prompt.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import { requireProject } from "../../core/paths.ts";
import type { AgentDefinition } from "../definition.ts";
import { loadAgentEnvironment } from "../load_catalog.ts";
import type { TrustAssessment } from "./assess_trust.ts";
import { permissionsDigest } from "./effective_permissions.ts";
import { formatDifference } from "./describe_verdict.ts";
import { recordTrust } from "./trust_store.ts";

/** Agents the command would record, with their verdicts. */
function toTrust(
  all: boolean,
  agents: AgentDefinition[],
  verdicts: TrustAssessment[],
): [AgentDefinition, TrustAssessment][] {
  const pairs = agents.map((agent, i) =>
    [agent, verdicts[i]] as [AgentDefinition, TrustAssessment]
  );
  return pairs.filter(([, verdict]) => {
    if (verdict.state === "builtin") return false; // within the built-in grants: runs as it is
    if (all) return !verdict.runnable;
    // A trusted agent is recorded again only when its grants changed (narrowed).
    return verdict.state !== "trusted" ||
      permissionsDigest(verdict.permissions) !== permissionsDigest(verdict.baseline);
  });
}

async function confirm(ctx: Context, args: CommandArgs, names: string[]): Promise<boolean> {
  if (booleanFlag(args, "yes")) return true;
  if (ctx.json || !Deno.stdin.isTerminal()) {
    throw new SuperAgentsError(
      "TRUST_CONFIRM_REQUIRED",
      `not trusting ${names.join(", ")} without confirmation (no terminal to ask on)`,
      {
        hint: `review the difference, then run \`super-agents agents trust ${
          names.length === 1 ? names[0] : "--all"
        } --yes\``,
      },
    );
  }
  const ask = prompter(lineReader(Deno.stdin.readable), ctx.stderr, { echo: false });
  return await ask.ask({
    message: `Trust these grants for ${names.join(", ")}?`,
    defaultAnswer: "no",
    parse: parseYesNo,
  });
}

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const [name] = args.positionals;
  const all = booleanFlag(args, "all");
  if ((name === undefined) === !all) {
    throw new UsageError(
      name === undefined ? "say which agent to trust" : "give an agent name or --all, not both",
      "e.g. super-agents agents trust reviewer-agent, or super-agents agents trust --all --yes",
    );
  }
  const paths = requireProject(ctx);
  const { catalog } = await loadAgentEnvironment(ctx);
  const agents = all ? catalog.agents.filter((a) => a.source.kind === "project") : [
    catalog.get(name),
  ];
  const pending = toTrust(all, agents, await catalog.trust.assess(agents));
  const verdicts = pending.map(([, verdict]) => verdict);
  const report = (trusted: boolean) => {
    const agents = verdicts.map(jsonOf);
    if (ctx.json) ctx.stdout.write(JSON.stringify({ agents, trusted }) + "\n");
  };
  if (pending.length === 0) {
    report(false);
    if (!ctx.json) {
      ctx.stdout.write(
        all
          ? "every project agent may already run; nothing to trust\n"
          : `${agents[0].name} may already run with these grants; nothing to trust\n`,
      );
    }
    return 0;
  }
  if (!ctx.json) { for (const verdict of verdicts) ctx.stdout.write(formatDifference(verdict)); }
  const names = verdicts.map((v) => v.agent);
  let confirmed: boolean;
  try {
    confirmed = await confirm(ctx, args, names);
  } catch (error) {
    report(false); // the difference is still printed; the error says how to confirm
    throw error;
  }
  if (!confirmed) {
    report(false);
    ctx.stderr.write(`not trusted: ${names.join(", ")}\n`);
    return 1;
  }
  await recordTrust(
    catalog.trust.store!,
    pending.map(([agent, verdict]) => ({
      name: agent.name,
      permissions: verdict.permissions,
      file: relative(paths.root, agent.source.file),
    })),
    new Date(ctx.now()),
  );
  for (const [agent, verdict] of pending) {
    await recordAudit(ctx, {
      action: "agent.trust",
      target: agent.name,
      details: {
        state: verdict.state,
        widened: verdict.widened.join(", ").slice(0, 1024),
        file: relative(paths.root, agent.source.file),
      },
    }, { project: paths });
  }
  report(true);
  if (!ctx.json) {
    for (const verdict of verdicts) {
      ctx.stdout.write(
        `trusted ${verdict.agent} (${permissionsDigest(verdict.permissions).slice(0, 19)}…)\n`,
      );
    }
  }
  return 0;
}

function jsonOf(verdict: TrustAssessment) {
  return {
    agent: verdict.agent,
    file: verdict.file,
    state: verdict.state,
    against: verdict.against,
    widened: verdict.widened,
    narrowed: verdict.narrowed,
    before: verdict.baseline,
    after: verdict.permissions,
  };
}

/** The `agents trust` command. */
export const trust = defineCommand({
  name: "trust",
  summary: "review and trust an agent's grants (needed when a project file widens them)",
  description: "An agent runs when its grants (read, write, net, run, env, tools, MCP servers,\n" +
    "provider) stay within its built-in template or within grants you trusted. This\n" +
    "shows the difference and records the new grants in ~/.super-agents/trust/ (outside\n" +
    "the repository). Without a terminal, --yes is required.",
  positionals: [{ name: "agent", description: "agent name, e.g. reviewer-agent" }],
  flags: {
    all: { type: "boolean", description: "every project agent that may not run yet" },
    yes: { type: "boolean", description: "record without asking" },
  },
  examples: [
    "super-agents agents trust reviewer-agent",
    "super-agents agents trust reviewer-agent --yes --json",
    "super-agents agents trust --all --yes",
  ],
  run,
});
