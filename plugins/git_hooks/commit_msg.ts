/**
 * commit-msg: the secret scan over the commit message itself (a token pasted
 * into a message is as public as one in a file). Comment lines are ignored,
 * as git strips them.
 * @module
 */

import { join } from "node:path";
import type { Context } from "../../core/context.ts";
import { findProjectRoot, projectPaths } from "../../core/paths.ts";
import { readAllowlist } from "../local_checks/check_changes.ts";
import { gateSettings } from "../local_checks/gate_settings.ts";
import { formatText } from "../local_checks/format_text.ts";
import { repoRoot } from "../local_checks/git_command.ts";
import { secretScan } from "../local_checks/secret_scan.ts";

/** Scans the message file git passes; 1 when it holds a secret. */
export async function commitMsg(ctx: Context, messageFile: string): Promise<number> {
  const started = performance.now();
  const root = await repoRoot(ctx.cwd);
  const project = findProjectRoot(root, ctx.home);
  const config = await gateSettings(ctx, project ? projectPaths(project).config : undefined);
  const raw = await Deno.readTextFile(join(ctx.cwd, messageFile));
  const message = raw.split("\n").map((line) => (line.startsWith("#") ? "" : line)).join("\n");
  const content = new TextEncoder().encode(message);
  const findings = await secretScan([{
    path: "COMMIT_EDITMSG",
    status: "A",
    mode: "100644",
    size: content.length,
    content,
  }], {
    maxFileBytes: config.checks.maxFileBytes,
    forbiddenPaths: [],
    allowPaths: [],
    allowlist: await readAllowlist(join(root, config.checks.allowlistFile)),
    allowlistPath: config.checks.allowlistFile,
    changedPaths: [],
    existingPaths: [],
    entropyThreshold: config.checks.entropyThreshold,
  });
  const blocked = findings.some((f) => f.severity === "error");
  if (findings.length) {
    ctx.stderr.write(formatText({
      findings,
      checks: ["secret-scan"],
      files: 1,
      changed: 1,
      ranIn: "inline",
      workers: 0,
      durationMs: Math.round(performance.now() - started),
      blocked,
    }, "commit"));
  }
  return blocked ? 1 : 0;
}
