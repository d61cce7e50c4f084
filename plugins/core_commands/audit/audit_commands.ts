/**
 * The `audit export`, `audit verify --file` and `audit report`
 * subcommands (the `audit` command itself lists and verifies the live log).
 * @module
 */

import { resolve } from "node:path";
import { auditLogPaths } from "../../../core/audit/audit_paths.ts";
import { writeFileAtomic } from "../../../core/atomic_file.ts";
import { type CommandArgs, defineCommand, stringFlag } from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { parseTimeSpec } from "../../../core/events/time_spec.ts";
import { findProjectRoot, projectPaths } from "../../../core/paths.ts";
import { collectExport, renderExport } from "./audit_export.ts";
import { collectCompliance } from "./compliance_data.ts";
import { reportHtml, reportMarkdown } from "./compliance_report.ts";
import { verifyExport } from "./export_verify.ts";

function choice<T extends string>(args: CommandArgs, flag: string, allowed: T[], fallback: T): T {
  const value = stringFlag(args, flag) ?? fallback;
  if (!(allowed as string[]).includes(value)) {
    throw new SuperAgentsError("INVALID_FLAG", `--${flag} must be ${allowed.join(" or ")}`, {
      hint: `e.g. --${flag} ${allowed[0]}`,
      exitCode: 2,
    });
  }
  return value as T;
}

async function output(ctx: Context, args: CommandArgs, text: string): Promise<string | undefined> {
  const out = stringFlag(args, "out");
  if (out === undefined) {
    ctx.stdout.write(text);
    return undefined;
  }
  const path = resolve(ctx.cwd, out);
  await writeFileAtomic(path, text, { mode: 0o600 });
  return path;
}

/** `audit export`. */
export const exportCommand = defineCommand({
  name: "export",
  summary: "export the audit log since a time, with its hash-chain proof",
  flags: {
    since: { type: "string", description: "<time> from the first entry at or after (30d, ISO)" },
    format: { type: "string", description: "<format> jsonl (default) or csv" },
    out: { type: "string", description: "<file> write here (0600) instead of stdout" },
  },
  examples: [
    "super-agents audit export --since 30d --out audit.jsonl",
    "super-agents audit export --since 2026-01-01 --format csv --out audit.csv",
  ],
  async run(ctx, args) {
    const format = choice(args, "format", ["jsonl", "csv"], "jsonl");
    const sinceSpec = stringFlag(args, "since");
    const since = sinceSpec === undefined ? undefined : parseTimeSpec(sinceSpec, ctx.now());
    const { proof, entries } = await collectExport(auditLogPaths(ctx), { since, now: ctx.now() });
    const path = await output(ctx, args, renderExport(format, proof, entries));
    if (path !== undefined) {
      ctx.stderr.write(`exported ${entries.length} audit entries to ${path}\n`);
    }
  },
});

/** `audit verify --file F`: the body of `audit verify` when `--file` is given. */
export async function verifyFile(ctx: Context, file: string): Promise<number> {
  const path = resolve(ctx.cwd, file);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new SuperAgentsError("AUDIT_EXPORT_NOT_FOUND", `no file ${path}`, {
      hint: "make one with `super-agents audit export --out <file>`",
    });
  }
  const verdict = verifyExport(text);
  if (ctx.json) ctx.stdout.write(JSON.stringify({ file: path, ...verdict }) + "\n");
  else if (verdict.ok) {
    ctx.stdout.write(
      `export ok: ${verdict.entries} entries chained from ${
        verdict.proof!.anchor.slice(0, 12)
      }… to ${verdict.proof!.lastHash.slice(0, 12)}… (${path})\n`,
    );
  } else {
    ctx.stdout.write(
      `export BROKEN at ${path}:${verdict.problem!.line}: ${verdict.problem!.reason}\n`,
    );
  }
  return verdict.ok ? 0 : 1;
}

/**
 * The catalog's name for an agent as a caller gave it (`reviewer` →
 * `reviewer-agent`), so one agent is one row; a name the catalog does not
 * know (an agent since removed) stays as given.
 */
async function catalogNames(ctx: Context): Promise<(given: string) => string> {
  const { loadAgentEnvironment } = await import("../../../agents/load_catalog.ts");
  const { catalog } = await loadAgentEnvironment(ctx);
  return (given) => {
    try {
      return catalog.get(given).name;
    } catch {
      return given;
    }
  };
}

/** `audit report`. */
export const reportCommand = defineCommand({
  name: "report",
  summary: "compliance summary: agent runs, secret reveals, widenings, denials, spend",
  flags: {
    since: { type: "string", description: "<time> period start (default 30d)" },
    format: { type: "string", description: "<format> md (default) or html" },
    out: { type: "string", description: "<file> write here instead of stdout" },
  },
  examples: [
    "super-agents audit report --since 30d",
    "super-agents audit report --since 7d --format html --out report.html",
  ],
  async run(ctx, args) {
    const format = choice(args, "format", ["md", "html"], "md");
    const since = parseTimeSpec(stringFlag(args, "since") ?? "30d", ctx.now());
    const root = findProjectRoot(ctx.cwd, ctx.home);
    const project = root === undefined ? undefined : projectPaths(root);
    const data = await collectCompliance(
      auditLogPaths(ctx),
      project ? { paths: project, events: eventLogPaths(project) } : undefined,
      { since, now: ctx.now() },
      project ? await catalogNames(ctx) : undefined,
    );
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify(data) + "\n");
      return;
    }
    const path = await output(ctx, args, format === "md" ? reportMarkdown(data) : reportHtml(data));
    if (path !== undefined) ctx.stderr.write(`report written to ${path}\n`);
  },
});
