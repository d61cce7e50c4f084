/**
 * `super-agents agents list|show|validate|versions|permissions|trust`: what
 * agents exist, what one of them is allowed to do, whether the files are
 * valid (and which widen their grants without trust), which version of each
 * is in use (a project copy may be older than the shipped one), and the
 * trust commands of `agents/trust/`.
 * @module
 */

import { resolve } from "node:path";
import { defineCommand } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { untrustedError } from "../trust/assess_trust.ts";
import type { AgentDefinition } from "../definition.ts";
import { parseAgentDefinition } from "../definition.ts";
import { loadAgentEnvironment } from "../load_catalog.ts";
import type { TrustGate } from "../trust/trust_gate.ts";
import { permissions } from "../trust/permissions_command.ts";
import { trust } from "../trust/trust_command.ts";
import { formatTable } from "../../core/cli/table.ts";

function summary(agent: AgentDefinition) {
  return {
    name: agent.name,
    version: agent.version,
    model: agent.model ?? "inherit",
    provider: agent.provider ?? "anthropic",
    tools: agent.tools,
    source: agent.source.kind,
    ...(agent.overrides ? { overrides: agent.overrides } : {}),
    file: agent.source.file,
    description: agent.description,
  };
}

const list = defineCommand({
  name: "list",
  summary: "list every agent (shipped, plugin and project)",
  examples: ["super-agents agents list", "super-agents agents list --json"],
  async run(ctx) {
    const { catalog } = await loadAgentEnvironment(ctx);
    const rows = catalog.agents.map(summary);
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ agents: rows, invalid: catalog.errors.length }) + "\n");
      return;
    }
    ctx.stdout.write(formatTable(
      ["NAME", "MODEL", "PROVIDER", "SOURCE", "TOOLS"],
      rows.map((r) => [
        r.name,
        r.model,
        r.provider,
        r.overrides ? `${r.source} (overrides ${r.overrides})` : r.source,
        r.tools.join(","),
      ]),
    ));
    if (catalog.errors.length > 0) {
      ctx.stderr.write(
        `${catalog.errors.length} agent file(s) are invalid; run \`super-agents agents validate\`\n`,
      );
    }
  },
});

const show = defineCommand({
  name: "show",
  summary: "show one agent's definition: model, tools, permissions, budget, prompt",
  positionals: [{ name: "agent", description: "agent name, e.g. developer-agent", required: true }],
  examples: [
    "super-agents agents show developer-agent",
    "super-agents agents show reviewer --json",
  ],
  async run(ctx, args) {
    const { catalog } = await loadAgentEnvironment(ctx);
    const agent = catalog.get(args.positionals[0]);
    if (ctx.json) {
      const { source, ...rest } = agent;
      ctx.stdout.write(JSON.stringify({ ...rest, source }) + "\n");
      return;
    }
    const lines = [
      `${agent.name}  (${agent.version}, ${agent.source.kind}: ${agent.source.file})`,
      agent.description,
      "",
      `model:       ${agent.model ?? "inherit"}${agent.thinking ? " (thinking)" : ""}`,
      `provider:    ${agent.provider ?? "anthropic"}`,
      `tools:       ${agent.tools.join(", ")}`,
      `permissions: ${
        Object.entries(agent.permissions).map(([k, v]) =>
          `${k}=${Array.isArray(v) ? v.join(",") || "none" : v}`
        ).join("  ")
      }`,
      `triggers:    git=${agent.triggers.git.join(",") || "-"}  events=${
        agent.triggers.events.join(",") || "-"
      }`,
      `budget:      turns=${agent.budget.turns ?? "-"}  tokens=${
        agent.budget.tokens ?? "-"
      }  cost=$${agent.budget.costUsd ?? "-"}  timeout=${agent.timeout / 1000}s`,
      "",
      agent.prompt,
      "",
    ];
    ctx.stdout.write(lines.join("\n"));
  },
});

interface Validation {
  file: string;
  ok: boolean;
  error?: Record<string, unknown>;
}

/** An agent that would not run: reported by `validate` as a warning with the fix. */
interface TrustWarning {
  agent: string;
  file: string;
  state: string;
  widened: string[];
  message: string;
  hint?: string;
}

async function trustWarnings(gate: TrustGate, agents: AgentDefinition[]): Promise<TrustWarning[]> {
  const verdicts = await gate.assess(agents);
  return verdicts.filter((v) => !v.runnable).map((verdict) => {
    const error = untrustedError(verdict);
    const { agent, file, state, widened } = verdict;
    return { agent, file, state, widened, message: error.message, hint: error.hint };
  });
}

async function validateFiles(ctx: Context, files: string[]): Promise<number> {
  const results: Validation[] = [];
  const parsed: AgentDefinition[] = [];
  for (const file of files) {
    const path = resolve(ctx.cwd, file);
    try {
      parsed.push(
        parseAgentDefinition(await Deno.readTextFile(path), { kind: "project", file: path }),
      );
      results.push({ file: path, ok: true });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new SuperAgentsError("FILE_NOT_FOUND", `${path} does not exist`, {
          hint: "give the path of an agent .md file",
        });
      }
      if (!(error instanceof SuperAgentsError)) throw error;
      results.push({ file: path, ok: false, error: error.toJSON() });
    }
  }
  // Inside a project, a file is measured against the built-in agent of its name and the trust store.
  const { catalog, paths } = await loadAgentEnvironment(ctx);
  const warnings = paths ? await trustWarnings(catalog.trust, parsed) : [];
  return report(ctx, results, warnings);
}

function report(ctx: Context, results: Validation[], warnings: TrustWarning[]): number {
  const failed = results.filter((r) => !r.ok);
  if (ctx.json) {
    ctx.stdout.write(
      JSON.stringify({ valid: results.length - failed.length, invalid: failed, warnings }) + "\n",
    );
  } else {
    for (const result of failed) {
      ctx.stdout.write(`✗ ${result.error?.message}\n  fix: ${result.error?.hint}\n`);
    }
    for (const warning of warnings) {
      ctx.stdout.write(`⚠ ${warning.message}\n  fix: ${warning.hint}\n`);
    }
    ctx.stdout.write(
      `${results.length - failed.length} valid, ${failed.length} invalid` +
        (warnings.length ? `, ${warnings.length} untrusted (will not run)\n` : "\n"),
    );
  }
  return failed.length > 0 ? 1 : 0;
}

const validate = defineCommand({
  name: "validate",
  summary: "validate agent files (all known agents, or the files given)",
  positionals: [{ name: "files", description: "agent .md files to check", variadic: true }],
  examples: [
    "super-agents agents validate",
    "super-agents agents validate .claude/agents/my-agent.md",
  ],
  async run(ctx, args) {
    if (args.positionals.length > 0) return await validateFiles(ctx, args.positionals);
    const { catalog } = await loadAgentEnvironment(ctx);
    return report(ctx, [
      ...catalog.all.map((a) => ({ file: a.source.file, ok: true })),
      ...catalog.errors.map((e) => ({
        file: String(e.details?.file),
        ok: false,
        error: e.toJSON(),
      })),
    ], await trustWarnings(catalog.trust, catalog.agents));
  },
});

const versions = defineCommand({
  name: "versions",
  summary: "show each agent's version in use, and older or newer copies",
  examples: ["super-agents agents versions", "super-agents agents versions --json"],
  async run(ctx) {
    const { catalog } = await loadAgentEnvironment(ctx);
    const rows = catalog.agents.map((agent) => {
      const others = catalog.all.filter((a) => a.name === agent.name && a !== agent);
      const newer = others.find((a) => a.version > agent.version);
      return {
        name: agent.name,
        version: agent.version,
        source: agent.source.kind,
        overrides: others.map((a) => ({ version: a.version, source: a.source.kind })),
        newerAvailable: newer ? newer.version : null,
      };
    });
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ agents: rows }) + "\n");
      return;
    }
    ctx.stdout.write(formatTable(
      ["NAME", "VERSION", "SOURCE", "NOTE"],
      rows.map((r) => [
        r.name,
        r.version,
        r.source,
        r.newerAvailable
          ? `newer shipped: ${r.newerAvailable} (run \`super-agents upgrade\`)`
          : r.overrides.length
          ? `overrides ${r.overrides.map((o) => `${o.source} ${o.version}`).join(", ")}`
          : "",
      ]),
    ));
  },
});

/** The `agents` command. */
export const command = defineCommand({
  name: "agents",
  summary: "list, show, validate, version and trust the agent definitions",
  description:
    "Agents are Markdown files with YAML frontmatter (Claude Code's subagent format plus\n" +
    "version, permissions, triggers, budget, timeout, provider, thinking, overrides). The\n" +
    "project's .claude/agents/*.md override or add to the shipped team; one that grants\n" +
    "more than its built-in template runs only after `agents trust`.",
  subcommands: { list, show, validate, versions, permissions, trust },
  examples: ["super-agents agents list", "super-agents agents show architect-agent"],
});
