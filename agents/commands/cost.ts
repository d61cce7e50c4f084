/**
 * `super-agents cost`: tokens and dollars from the cost ledger, per task,
 * agent or model, optionally since a point in time.
 * @module
 */

import { type CommandArgs, defineCommand, stringFlag } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { UsageError } from "../../core/errors.ts";
import { parseTimeSpec } from "../../core/events/time_spec.ts";
import { requireProject } from "../../core/paths.ts";
import { type LedgerEntry, readLedger } from "../cost_ledger.ts";
import { formatTable } from "../../core/cli/table.ts";

interface Row {
  key: string;
  tasks: number;
  turns: number;
  tokens: number;
  costUsd: number;
}

function group(entries: LedgerEntry[], by: string): Row[] {
  const rows = new Map<string, Row>();
  const add = (key: string, tokens: number, costUsd: number, turns: number, task: boolean) => {
    const row = rows.get(key) ?? { key, tasks: 0, turns: 0, tokens: 0, costUsd: 0 };
    row.tokens += tokens;
    row.costUsd += costUsd;
    row.turns += turns;
    if (task) row.tasks++;
    rows.set(key, row);
  };
  for (const entry of entries) {
    if (by === "model") {
      for (const [model, m] of Object.entries(entry.models)) {
        const tokens = m.inputTokens + m.outputTokens + m.cacheReadTokens + m.cacheWriteTokens;
        add(model, tokens, m.costUsd, 0, true);
      }
    } else {
      add(
        by === "agent" ? entry.agent : entry.task,
        entry.tokens,
        entry.costUsd,
        entry.turns,
        true,
      );
    }
  }
  return [...rows.values()].sort((a, b) => b.costUsd - a.costUsd);
}

async function report(ctx: Context, args: CommandArgs): Promise<void> {
  const by = stringFlag(args, "by") ?? "agent";
  if (!["task", "agent", "model"].includes(by)) {
    throw new UsageError(`invalid --by "${by}"`, "use --by task, agent or model");
  }
  const paths = requireProject(ctx);
  const { entries, invalidLines } = await readLedger(paths);
  const sinceSpec = stringFlag(args, "since");
  const from = sinceSpec === undefined ? 0 : parseTimeSpec(sinceSpec, ctx.now());
  const task = stringFlag(args, "task");
  const selected = entries.filter((e) => e.ts >= from && (task === undefined || e.task === task));
  const rows = group(selected, by);
  const total = rows.reduce((sum, row) => sum + row.costUsd, 0);
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ by, rows, totalUsd: total, invalidLines }) + "\n");
    return;
  }
  ctx.stdout.write(formatTable(
    [by.toUpperCase(), "TASKS", "TURNS", "TOKENS", "COST"],
    [
      ...rows.map((
        r,
      ) => [r.key, String(r.tasks), String(r.turns), String(r.tokens), `$${r.costUsd.toFixed(4)}`]),
      ["total", String(selected.length), "", "", `$${total.toFixed(4)}`],
    ],
  ));
  if (invalidLines.length > 0) {
    ctx.stderr.write(
      `warning: ${invalidLines.length} unreadable ledger line(s): ${
        invalidLines.slice(0, 5).join(", ")
      }\n`,
    );
  }
}

/** The `cost` command. */
export const command = defineCommand({
  name: "cost",
  summary: "report tokens and cost per agent, task or model",
  flags: {
    by: { type: "string", description: "<task|agent|model> how to group (default agent)" },
    since: { type: "string", description: "<24h|7d|date> only tasks since then" },
    task: { type: "string", description: "<id> only this task" },
  },
  examples: [
    "super-agents cost",
    "super-agents cost --by model --since 7d",
    "super-agents cost --json",
  ],
  run: report,
});
