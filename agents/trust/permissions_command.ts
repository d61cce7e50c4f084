/**
 * `super-agents agents permissions [<name>]`: every agent's effective grants,
 * its trust state (builtin, trusted, untrusted-widened, new) and the file it
 * came from — how a user audits what a project's agents may do, and which
 * of them will not run until trusted.
 * @module
 */

import { type CommandArgs, defineCommand } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { formatTable } from "../../core/cli/table.ts";
import { loadAgentEnvironment } from "../load_catalog.ts";
import type { TrustAssessment } from "./assess_trust.ts";
import type { NormalGrant } from "./effective_permissions.ts";
import { againstLabel } from "./describe_verdict.ts";
import { describeGrants } from "./grant_diff.ts";

function short(grant: NormalGrant): string {
  return grant === true ? "all" : grant.length === 0 ? "-" : grant.join(",");
}

function grantsCell(verdict: TrustAssessment): string {
  const p = verdict.permissions;
  return `read=${short(p.read)} write=${short(p.write)} net=${short(p.net)} run=${
    short(p.run)
  } env=${short(p.env)}`;
}

function detail(verdict: TrustAssessment): string {
  const lines = [
    `${verdict.agent}  ${verdict.state}${verdict.runnable ? "" : " (will not run)"}`,
    `file: ${verdict.file}`,
    ...describeGrants(verdict.permissions).map((line) => `  ${line}`),
    `compared with ${againstLabel(verdict)}`,
  ];
  if (verdict.widened.length) lines.push(`  widened:  ${verdict.widened.join(", ")}`);
  if (verdict.narrowed.length) lines.push(`  narrowed: ${verdict.narrowed.join(", ")}`);
  if (!verdict.runnable) {
    lines.push(`fix: review it, then \`super-agents agents trust ${verdict.agent}\``);
  }
  return lines.join("\n") + "\n";
}

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const { catalog } = await loadAgentEnvironment(ctx);
  const [name] = args.positionals;
  const agents = name === undefined ? catalog.agents : [catalog.get(name)];
  const verdicts = await catalog.trust.assess(agents);
  if (ctx.json) {
    const rows = verdicts.map((verdict, i) => ({
      name: verdict.agent,
      state: verdict.state,
      runnable: verdict.runnable,
      source: agents[i].source.kind,
      file: verdict.file,
      ...(agents[i].overrides ? { overrides: agents[i].overrides } : {}),
      permissions: verdict.permissions,
      against: verdict.against,
      widened: verdict.widened,
      narrowed: verdict.narrowed,
      ...(verdict.trustedAt ? { trustedAt: verdict.trustedAt } : {}),
    }));
    ctx.stdout.write(JSON.stringify({ agents: rows, store: catalog.trust.store?.path }) + "\n");
    return 0;
  }
  if (name !== undefined) {
    ctx.stdout.write(detail(verdicts[0]));
    return 0;
  }
  ctx.stdout.write(formatTable(
    ["NAME", "TRUST", "GRANTS", "FILE"],
    verdicts.map((v) => [v.agent, v.state, grantsCell(v), v.file]),
  ));
  const blocked = verdicts.filter((v) => !v.runnable);
  for (const verdict of blocked) {
    ctx.stdout.write(
      `\n${verdict.agent} will not run: ${verdict.widened.join(", ")}\n` +
        `  fix: review it, then \`super-agents agents trust ${verdict.agent}\`\n`,
    );
  }
  return 0;
}

/** The `agents permissions` command. */
export const permissions = defineCommand({
  name: "permissions",
  summary: "every agent's grants, trust state and file (audit what agents may do)",
  positionals: [{ name: "agent", description: "one agent, shown in detail" }],
  examples: [
    "super-agents agents permissions",
    "super-agents agents permissions reviewer-agent",
    "super-agents agents permissions --json",
  ],
  run,
});
