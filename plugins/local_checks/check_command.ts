/**
 * `super-agents check`: the local checks over staged changes (default), the
 * changes since a ref (CI), or every tracked file, reported as text, JSON,
 * SARIF or JUnit; exit 1 when a finding blocks.
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  stringFlag,
} from "../../core/cli/command.ts";
import { currentNames, RENAMED_CHECKS } from "../../core/config/renamed_names.ts";
import type { Context } from "../../core/context.ts";
import { UsageError } from "../../core/errors.ts";
import { parseShard } from "./check_changes.ts";
import type { ChangeSource } from "./git_changes.ts";
import { type Format, FORMATS, runCheck } from "./report_check.ts";
import { CHECK_NAMES, type CheckName } from "./types.ts";

/** The `check` command. */
export const command = defineCommand({
  name: "check",
  summary: "run the local checks (secrets, contracts, files, dependencies) on changes",
  description: "Reads the changed files from git — the index for --staged, so what is checked is " +
    "what will be committed — and runs the secret scan, contract guardian, file-system guardian " +
    "and dependency check in parallel sandboxed Workers. Findings print as file:line: rule: " +
    "message with a fix. Exit code: 1 when a finding blocks (checks.failOn) or the report " +
    "cannot be written, 2 for a usage error. Skip a check once " +
    "with SUPER_AGENTS_SKIP=contract-guardian-check.",
  flags: {
    staged: { type: "boolean", description: "check the staged changes (the default)" },
    "changed-since": {
      type: "string",
      description: "<ref> check what changed since ref (merge base)",
    },
    all: { type: "boolean", description: "check every tracked file" },
    format: { type: "enum", values: FORMATS, description: "report format (default text)" },
    output: {
      type: "path",
      short: "o",
      description: "<file> write the report to a file (relative to the current directory)",
    },
    shard: { type: "string", description: "<i/n> check only shard i of n (parallel CI jobs)" },
    checks: {
      type: "string",
      description: `<list> comma-separated subset of ${CHECK_NAMES.join(", ")}`,
    },
    "write-baseline": {
      type: "boolean",
      description: "accept today's secret findings (every tracked file) in " +
        ".super-agents/secrets-baseline.json; later scans report only new ones",
    },
  },
  examples: [
    "super-agents check",
    "super-agents check --changed-since origin/main --format sarif -o super-agents.sarif",
    "super-agents check --all --format junit --shard 1/4 -o junit-1.xml",
    "super-agents check --checks secret-scan --json",
    "super-agents check --write-baseline",
  ],
  async run(ctx, args) {
    if (booleanFlag(args, "write-baseline")) {
      // A baseline of part of the repository would silently drop the accepted findings elsewhere.
      const partial = ["staged", "changed-since", "shard", "checks", "format", "output"]
        .find((flag) => args.values[flag] !== undefined && args.values[flag] !== false);
      if (partial) {
        throw new UsageError(
          `--write-baseline scans every tracked file; it does not take --${partial}`,
          "run `super-agents check --write-baseline` alone (--all is implied)",
        );
      }
      const { writeSecretBaseline } = await import("./write_baseline.ts");
      return await writeSecretBaseline(ctx, { kind: "all" });
    }
    return await runCheck(ctx, {
      source: sourceOf(args),
      format: formatOf(args, ctx.json),
      output: stringFlag(args, "output"),
      shard: shardOf(args),
      only: checksOf(ctx, args),
      action: "check",
    });
  },
});

function sourceOf(args: CommandArgs): ChangeSource {
  const since = stringFlag(args, "changed-since");
  const chosen = [booleanFlag(args, "staged"), since !== undefined, booleanFlag(args, "all")];
  if (chosen.filter(Boolean).length > 1) {
    throw new UsageError(
      "--staged, --changed-since and --all exclude each other",
      "pick one of them",
    );
  }
  if (since !== undefined) {
    if (since === "" || since.startsWith("-")) {
      throw new UsageError("--changed-since needs a git ref", "e.g. --changed-since origin/main");
    }
    return { kind: "since", ref: since };
  }
  return booleanFlag(args, "all") ? { kind: "all" } : { kind: "staged" };
}

function formatOf(args: CommandArgs, json: boolean): Format {
  return (stringFlag(args, "format") ?? (json ? "json" : "text")) as Format;
}

function shardOf(args: CommandArgs) {
  const text = stringFlag(args, "shard");
  if (text === undefined) return undefined;
  const shard = parseShard(text);
  if (!shard) {
    throw new UsageError(`--shard "${text}" is not i/n with 1 ≤ i ≤ n`, "e.g. --shard 2/4");
  }
  return shard;
}

function checksOf(ctx: Context, args: CommandArgs): CheckName[] | undefined {
  const text = stringFlag(args, "checks");
  if (text === undefined) return undefined;
  const names = currentNames(
    text.split(",").map((name) => name.trim()).filter(Boolean),
    RENAMED_CHECKS,
    (line) => ctx.stderr.write(line + "\n"),
    "--checks",
  );
  const unknown = names.filter((name) => !(CHECK_NAMES as readonly string[]).includes(name));
  if (unknown.length || names.length === 0) {
    throw new UsageError(
      `unknown check "${unknown[0] ?? text}"`,
      `use any of ${CHECK_NAMES.join(", ")}`,
    );
  }
  return names as CheckName[];
}
