/**
 * `super-agents doctor`: runs every check in `core/doctor/checks.ts` and
 * prints each finding with its severity and the command that fixes it.
 * Exits 1 when any finding is an error.
 * @module
 */

import { defineCommand } from "../cli/command.ts";
import { styles } from "../cli/style.ts";
import { loadConfig } from "../config/load.ts";
import type { DoctorEnv, Severity } from "../doctor/check.ts";
import { runChecks } from "../doctor/run_checks.ts";
import { inspectKm, type KmInspection } from "../km/inspect.ts";
import { findProjectRoot, projectPaths } from "../paths.ts";

/** The `doctor` command. */
export const command = defineCommand({
  name: "doctor",
  summary: "diagnose and suggest fixes",
  examples: ["super-agents doctor", "super-agents doctor --json"],
  async run(ctx) {
    const root = findProjectRoot(ctx.cwd, ctx.home);
    const paths = root ? projectPaths(root) : undefined;
    const { config } = await loadConfig(ctx, { projectConfigPath: paths?.config });
    let km: Promise<KmInspection | undefined> | undefined;
    const env: DoctorEnv = {
      ctx,
      config,
      paths,
      km: () => km ??= paths ? inspectKm(paths) : Promise.resolve(undefined),
    };
    const findings = await runChecks(env);
    const failed = findings.some((finding) => finding.severity === "error");
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ root, ok: !failed, findings }) + "\n");
      return failed ? 1 : 0;
    }
    const s = styles(ctx.color);
    const mark: Record<Severity, string> = {
      ok: s.green("ok   "),
      info: s.dim("info "),
      warning: s.yellow("warn "),
      error: s.red("error"),
    };
    if (!root) ctx.stdout.write(s.dim("not inside a project: only global checks ran\n"));
    for (const finding of findings) {
      ctx.stdout.write(`${mark[finding.severity]} ${finding.check}: ${finding.message}\n`);
      if (finding.fix && finding.severity !== "ok") ctx.stdout.write(`      fix: ${finding.fix}\n`);
    }
    return failed ? 1 : 0;
  },
});
