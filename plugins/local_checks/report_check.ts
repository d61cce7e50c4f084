/**
 * Runs the checks for a command or a hook and reports the outcome
 * everywhere it belongs: the chosen format on stdout (or a file), the text
 * form on stderr for hooks, a `check.completed` event in the project's log
 * (when the repository has a `.claude/` project), and a chat notification
 * when one is configured. Returns the exit code: 1 when a finding blocks.
 * @module
 */

import { resolve } from "node:path";
import { withActivity } from "../../core/cli/activity.ts";
import { styles } from "../../core/cli/style.ts";
import type { Context } from "../../core/context.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { findProjectRoot, projectPaths } from "../../core/paths.ts";
import { checkChanges, type CheckReport, type Shard } from "./check_changes.ts";
import { type GateSettings, gateSettings } from "./gate_settings.ts";
import { formatText } from "./format_text.ts";
import type { ChangeSource } from "./git_changes.ts";
import { repoRoot } from "./git_command.ts";
import type { CheckName } from "./types.ts";
import { DEFAULT_NOTIFICATION_EVENTS } from "../notifications/default_events.ts";

/** Output formats of `super-agents check`. */
export const FORMATS = ["text", "json", "sarif", "junit"] as const;
/** An output format. */
export type Format = typeof FORMATS[number];

/** What to check and how to report it. */
export interface CheckRequest {
  source: ChangeSource;
  format: Format;
  /** Write the formatted report here instead of stdout. */
  output?: string;
  shard?: Shard;
  only?: readonly CheckName[];
  /** What is blocked, for the summary line ("commit", "push", "check"). */
  action: string;
  /** Pick checks from the settings (default `checks.enabled`). */
  pickChecks?: (settings: GateSettings) => readonly CheckName[];
}

/**
 * Runs the checks and reports; returns the exit code.
 *
 * @example
 * ```ts
 * const code = await runCheck(ctx, { source: { kind: "staged" }, format: "text", action: "commit" });
 * ```
 */
export async function runCheck(ctx: Context, request: CheckRequest): Promise<number> {
  const root = await repoRoot(ctx.cwd);
  const projectRoot = findProjectRoot(root, ctx.home);
  const paths = projectRoot ? projectPaths(projectRoot) : undefined;
  const settings = await gateSettings(ctx, paths?.config);
  const check = () =>
    checkChanges({
      root,
      source: request.source,
      checks: settings.checks,
      only: request.only ?? request.pickChecks?.(settings),
      shard: request.shard,
      skip: ctx.env("SUPER_AGENTS_SKIP"),
      notice: (line) => ctx.stderr.write(line + "\n"),
    });
  // Every tracked file can take seconds; a hook's staged check is quick and must stay quiet.
  const report = request.source.kind === "all"
    ? await withActivity(ctx, "checking every tracked file", check)
    : await check();
  await writeReport(ctx, report, request);
  // A hook records only findings: a clean commit stays off the event log and away from its
  // schema (the cost of loading it would double the gate's time). `check` always records.
  const record = paths && (request.action === "check" || report.findings.length > 0);
  await Promise.all([
    record ? recordEvent(ctx, paths, report, request) : undefined,
    notify(ctx, settings, report, request, root, paths?.state),
  ]);
  return report.blocked ? 1 : 0;
}

async function writeReport(ctx: Context, report: CheckReport, request: CheckRequest) {
  const human = formatText(report, request.action, styles(ctx.color));
  const hook = request.action !== "check";
  if (request.format === "text" && !request.output) {
    (hook ? ctx.stderr : ctx.stdout).write(human); // git shows a hook's stderr to the committer
    return;
  }
  let formatted: string;
  if (request.format === "json") {
    formatted = JSON.stringify({ ok: !report.blocked, ...report }) + "\n";
  } else if (request.format === "sarif") {
    formatted = (await import("./format_sarif.ts")).formatSarif(report.findings);
  } else if (request.format === "junit") {
    formatted = (await import("./format_junit.ts")).formatJunit(report);
  } else formatted = human;
  if (request.output) {
    const { writeFileAtomic } = await import("../../core/atomic_file.ts");
    const target = resolve(ctx.cwd, request.output); // an absolute path stays absolute
    try {
      await writeFileAtomic(target, formatted);
    } catch (error) {
      throw new SuperAgentsError(
        "REPORT_NOT_WRITTEN",
        `cannot write the report to ${target}: ${errorMessage(error)}`,
        { hint: "check that the directory exists and is writable, or pick another -o path" },
      );
    }
    ctx.stderr.write(human);
  } else {
    ctx.stdout.write(formatted);
    if (report.findings.length) ctx.stderr.write(human); // machine output on stdout, people read stderr
  }
}

async function recordEvent(
  ctx: Context,
  paths: ReturnType<typeof projectPaths>,
  report: CheckReport,
  request: CheckRequest,
): Promise<void> {
  try {
    const { emitEvent } = await import("../../core/events/emit.ts");
    await emitEvent(paths, {
      type: "check.completed",
      agent: "local-checks",
      payload: {
        source: request.source,
        action: request.action,
        blocked: report.blocked,
        checks: report.checks,
        files: report.files,
        changed: report.changed,
        durationMs: report.durationMs,
        findings: report.findings.slice(0, 100),
        truncated: report.findings.length > 100,
      },
    });
  } catch (error) {
    // The event log is a record, not the gate: a broken log must not change the verdict.
    ctx.stderr.write(
      `warning: could not record the check in the event log: ${errorMessage(error)}\n`,
    );
  }
}

async function notify(
  ctx: Context,
  config: GateSettings,
  report: CheckReport,
  request: CheckRequest,
  root: string,
  stateDir: string | undefined,
): Promise<void> {
  const event = report.blocked ? "check.failed" : "check.passed";
  const on = (config.notifications as { on?: unknown } | undefined)?.on;
  if (!(Array.isArray(on) ? on : DEFAULT_NOTIFICATION_EVENTS).includes(event)) return;
  const [{ webhookTargets, notifyAll, checkMessage, WEBHOOK_ENV }, { notificationsConfig }] =
    await Promise.all([import("../notifications/notify.ts"), import("../notifications/config.ts")]);
  const settings = notificationsConfig({ notifications: config.notifications });
  const { withStoredSecrets } = await import("../../core/secrets/get_secret.ts");
  const credentials = await withStoredSecrets(ctx, Object.values(WEBHOOK_ENV)); // env, then store
  const targets = webhookTargets(settings, credentials.env);
  if (targets.length === 0) return;
  const results = await notifyAll(
    targets,
    checkMessage(report, request.action, root),
    settings,
    { stateDir },
  );
  for (const result of results) {
    if (!result.ok) {
      ctx.stderr.write(`warning: ${result.target} notification failed: ${result.error}\n`);
    }
  }
}
