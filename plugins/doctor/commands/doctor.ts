/**
 * `super-agents doctor`: runs every check in `plugins/doctor/checks.ts` and
 * prints each finding with its severity and the command that fixes it.
 * Exits 1 when any finding is an error.
 * @module
 */

import { booleanFlag, defineCommand } from "../../../core/cli/command.ts";
import { styles } from "../../../core/cli/style.ts";
import { loadConfig } from "../../../core/config/load.ts";
import { type Config, defaultConfig } from "../../../core/config/schema.ts";
import { applyFixes, type RepairOutcome } from "../apply_fixes.ts";
import type { DoctorEnv, Severity } from "../check.ts";
import { errorMessage } from "../../../core/errors.ts";
import { runChecks } from "../run_checks.ts";
import { inspectKm, type KmInspection } from "../../km/inspect.ts";
import { findProjectRoot, projectPaths } from "../../../core/paths.ts";

/** The `doctor` command. */
export const command = defineCommand({
  name: "doctor",
  summary: "diagnose and suggest fixes",
  flags: {
    fix: { type: "boolean", description: "apply the safe fixes first, then check again" },
  },
  examples: ["super-agents doctor", "super-agents doctor --json", "super-agents doctor --fix"],
  async run(ctx, args) {
    const root = findProjectRoot(ctx.cwd, ctx.home);
    const paths = root ? projectPaths(root) : undefined;
    let config: Config;
    let configError: string | undefined;
    try {
      ({ config } = await loadConfig(ctx, { projectConfigPath: paths?.config }));
    } catch (error) {
      // Reported by the `config` check; the other checks still run on the defaults.
      config = defaultConfig();
      configError = errorMessage(error);
    }
    let km: Promise<KmInspection | undefined> | undefined;
    const env: DoctorEnv = {
      ctx,
      config,
      paths,
      configError,
      km: () => km ??= paths ? inspectKm(paths) : Promise.resolve(undefined),
    };
    const fix = booleanFlag(args, "fix");
    let repairs: RepairOutcome[] = [];
    if (fix) {
      repairs = await applyFixes(env);
      km = undefined; // the repairs may have changed what the KM inspection saw
    }
    const findings = await runChecks(env);
    const failed = findings.some((finding) => finding.severity === "error");
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({ root, ok: !failed, findings, ...(fix ? { repairs } : {}) }) + "\n",
      );
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
    for (const repair of repairs) {
      const mark = repair.ok ? s.green("fixed") : s.red("FAILED");
      ctx.stdout.write(`${mark} ${repair.check}: ${repair.message}\n`);
    }
    if (fix && repairs.length === 0) ctx.stdout.write("nothing to fix automatically\n");
    for (const finding of findings) {
      ctx.stdout.write(`${mark[finding.severity]} ${finding.check}: ${finding.message}\n`);
      if (finding.fix && finding.severity !== "ok") ctx.stdout.write(`      fix: ${finding.fix}\n`);
    }
    return failed ? 1 : 0;
  },
});
