/**
 * `super-agents check --write-baseline`: scans every tracked file for
 * secrets (ignoring the current baseline), and records each finding's
 * fingerprint in `.super-agents/secrets-baseline.json`, so that later scans
 * report only new secrets. The findings are printed first: accepting them
 * is a decision someone should read before committing the file.
 * @module
 */

import { join } from "node:path";
import type { Context } from "../../core/context.ts";
import { writeFileAtomic } from "../../core/atomic_file.ts";
import { findProjectRoot, projectPaths } from "../../core/paths.ts";
import { checkChanges } from "./check_changes.ts";
import { formatText } from "./format_text.ts";
import { gateSettings } from "./gate_settings.ts";
import type { ChangeSource } from "./git_changes.ts";
import { repoRoot } from "./git_command.ts";
import { BASELINE_PATH, type BaselineEntry, formatBaseline } from "./secrets/baseline.ts";

/**
 * Writes the baseline for the files of `source` (every tracked file by default);
 * returns the exit code (0).
 *
 * @example
 * ```ts
 * await writeSecretBaseline(ctx, { kind: "all" }); // .super-agents/secrets-baseline.json
 * ```
 */
export async function writeSecretBaseline(ctx: Context, source: ChangeSource): Promise<number> {
  const root = await repoRoot(ctx.cwd);
  const projectRoot = findProjectRoot(root, ctx.home);
  const settings = await gateSettings(
    ctx,
    projectRoot ? projectPaths(projectRoot).config : undefined,
  );
  const report = await checkChanges({
    root,
    source,
    checks: settings.checks,
    only: ["secret-scan"],
    ignoreBaseline: true,
  });
  const entries: BaselineEntry[] = report.findings.flatMap((finding) =>
    finding.fingerprint
      ? [{
        fingerprint: finding.fingerprint,
        rule: finding.rule,
        file: finding.file,
        line: finding.line,
      }]
      : []
  );
  await writeFileAtomic(join(root, BASELINE_PATH), formatBaseline(entries));
  if (report.findings.length) ctx.stderr.write(formatText({ ...report, blocked: false }, "check"));
  const files = new Set(entries.map((entry) => entry.file)).size;
  ctx.stdout.write(
    `recorded ${entries.length} accepted finding${entries.length === 1 ? "" : "s"} in ${files} ` +
      `file${files === 1 ? "" : "s"} to ${BASELINE_PATH}; review them, then commit the file\n`,
  );
  return 0;
}
