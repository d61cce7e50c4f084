/**
 * One run of the local checks over a change set, as `super-agents check` and
 * the git hooks use it: resolve which checks run (config, `SUPER_AGENTS_SKIP`),
 * read the allow-list, read the changed files from git (only the shard's,
 * only what the checks need), run the checks sandboxed, and decide whether
 * the findings block.
 * @module
 */

import { join } from "node:path";
import type { PluginAgentFile } from "../../agents/catalog.ts";
import type { Config } from "../../core/config/schema.ts";
import { maybeLoadPluginHost } from "../../core/plugin_host/current.ts";
import { currentNames, RENAMED_CHECKS } from "../../core/config/renamed_names.ts";
import { agentGrantsNeedPrevious } from "./agent_grants.ts";
import { lockfileCandidates } from "./dependency_manifests.ts";
import { needsPrevious } from "./checks.ts";
import { type ChangeSource, readChanges } from "./git_changes.ts";
import { runChecks } from "./run_checks.ts";
import { emptyAllowlist, parseAllowlist } from "./secret_allowlist.ts";
import { BASELINE_PATH, readBaseline } from "./secrets/baseline.ts";
import type { CheckName, CheckOptions, Finding, SecretAllowlist } from "./types.ts";

/**
 * The largest file the secret scan reads (files over `checks.maxFileBytes`
 * up to this size are scanned in chunks; the file-system guardian reports
 * them as oversize either way).
 */
export const SECRET_SCAN_MAX_BYTES = 64 * 1024 * 1024;

/** A shard: this run checks the files whose path hashes to `index` of `total` (1-based). */
export interface Shard {
  index: number;
  total: number;
}

/** Options of {@linkcode checkChanges}. */
export interface CheckChangesOptions {
  /** Repository top level. */
  root: string;
  source: ChangeSource;
  checks: Config["checks"];
  /** Run only these (default: `checks.enabled`). */
  only?: readonly CheckName[];
  shard?: Shard;
  /** `SUPER_AGENTS_SKIP`: comma-separated checks to leave out this time (old names too). */
  skip?: string;
  /** Told one line per deprecated check name in `skip`. */
  notice?: (line: string) => void;
  /** Report findings the secret baseline accepted too (writing a new baseline). */
  ignoreBaseline?: boolean;
  /**
   * The built-in plugins' agent files the file-system guardian measures a
   * new agent file against (default: from the plugin host, when there is one).
   */
  pluginAgents?: PluginAgentFile[];
}

/** The outcome of one run. */
export interface CheckReport {
  findings: Finding[];
  checks: CheckName[];
  /** Files read and checked (this shard's). */
  files: number;
  /** Files in the whole change set. */
  changed: number;
  ranIn: "inline" | "workers";
  workers: number;
  durationMs: number;
  /** True when a finding reaches `checks.failOn`. */
  blocked: boolean;
}

/**
 * Runs the checks over the changes named by `options.source`.
 *
 * @example
 * ```ts
 * const report = await checkChanges({ root, source: { kind: "staged" }, checks: config.checks });
 * if (report.blocked) Deno.exit(1);
 * ```
 */
export async function checkChanges(options: CheckChangesOptions): Promise<CheckReport> {
  const started = performance.now();
  const skipped = new Set(
    currentNames(
      (options.skip ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      RENAMED_CHECKS,
      options.notice,
      "SUPER_AGENTS_SKIP",
    ),
  );
  const names = (options.only ?? options.checks.enabled).filter((name) => !skipped.has(name));
  const allowlistPath = options.checks.allowlistFile.replace(/^\.\//, "");
  const scansSecrets = names.includes("secret-scan");
  const [allowlist, baseline, changes] = await Promise.all([
    readAllowlist(join(options.root, allowlistPath)),
    scansSecrets && !options.ignoreBaseline ? readBaseline(options.root) : [],
    names.length === 0 ? undefined : readChanges({
      root: options.root,
      source: options.source,
      maxFileBytes: options.checks.maxFileBytes,
      readOversize: scansSecrets ? SECRET_SCAN_MAX_BYTES : undefined,
      needsPrevious: (path) => needsPrevious(names, path),
      probes: names.includes("dependency-check")
        ? (files) => files.flatMap((file) => lockfileCandidates(file.path))
        : undefined,
      select: options.shard ? (path) => inShard(path, options.shard!) : undefined,
    }),
  ]);
  if (!changes) return report([], names, 0, 0, "inline", 0, started, false);
  const checkOptions: CheckOptions = {
    maxFileBytes: options.checks.maxFileBytes,
    forbiddenPaths: options.checks.forbiddenPaths,
    allowPaths: options.checks.allowPaths,
    allowlist,
    allowlistPath,
    changedPaths: changes.changedPaths,
    existingPaths: changes.existingPaths,
    entropyThreshold: options.checks.entropyThreshold,
    baseline,
    baselinePath: BASELINE_PATH,
  };
  if (
    names.includes("filesystem-guardian-check") &&
    changes.files.some((file) => agentGrantsNeedPrevious(file.path))
  ) {
    checkOptions.pluginAgents = options.pluginAgents ?? await builtinPluginAgents();
  }
  const result = await runChecks({
    names,
    files: changes.files,
    options: checkOptions,
    mode: options.checks.sandbox,
  });
  const blocked = blocks(result.findings, options.checks.failOn);
  return report(
    result.findings,
    names,
    changes.files.length,
    changes.changedPaths.length,
    result.ranIn,
    result.workers,
    started,
    blocked,
  );
}

/**
 * The agent files of the built-in plugins, through the plugin host (none
 * when this process has no host, e.g. a sandboxed worker).
 */
async function builtinPluginAgents(): Promise<PluginAgentFile[]> {
  const host = await maybeLoadPluginHost();
  if (!host) return [];
  const builtin = new Set(host.plugins.filter((p) => !p.external).map((p) => p.manifest.name));
  const { collectPluginAgents } = await import("../../agents/plugin_contributions.ts");
  return (await collectPluginAgents()).filter((file) => builtin.has(file.plugin));
}

function report(
  findings: Finding[],
  checks: CheckName[],
  files: number,
  changed: number,
  ranIn: "inline" | "workers",
  workers: number,
  started: number,
  blocked: boolean,
): CheckReport {
  const durationMs = Math.round(performance.now() - started);
  return { findings, checks, files, changed, ranIn, workers, durationMs, blocked };
}

/** True when a finding is at least as severe as `failOn`. */
export function blocks(findings: Finding[], failOn: Config["checks"]["failOn"]): boolean {
  if (failOn === "never") return false;
  return findings.some((f) =>
    f.severity === "error" || (failOn === "warning" && f.severity === "warning")
  );
}

/** Parses `i/n` (1-based) for `--shard`. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const total = Number(match[2]);
  return index >= 1 && total >= 1 && index <= total ? { index, total } : undefined;
}

/** Whether `path` belongs to the shard: a stable FNV-1a hash of the path, modulo the total. */
export function inShard(path: string, shard: Shard): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    hash ^= path.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shard.total === shard.index - 1;
}

/** Reads the allow-list file; empty when it does not exist. */
export async function readAllowlist(path: string): Promise<SecretAllowlist> {
  try {
    return parseAllowlist(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return emptyAllowlist();
    throw error;
  }
}
