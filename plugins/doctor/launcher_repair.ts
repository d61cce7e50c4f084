/**
 * `doctor --fix` for a launcher that moved: rewrites our `.mcp.json` entry
 * and our Claude Code hooks with the launcher that works now (bare when
 * `super-agents` is on PATH, else this super-agents' absolute command), keeps
 * the manifest's hashes in step so `upgrade` and `uninstall` still know the
 * files, and reinstalls the git hooks when ours are installed (their
 * fallback command moves too).
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../../core/atomic_file.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import { desiredState } from "../project/desired_state.ts";
import { gitHooksCommand, insideGitRepository } from "../project/git_hooks_cli.ts";
import { installGitHooks } from "../project/init_setup.ts";
import { detectLauncher } from "../project/launcher.ts";
import { readManifest, sha256Hex, writeManifest } from "../project/manifest.ts";
import type { DoctorEnv } from "./check.ts";

const REWRITTEN = new Set([".mcp.json", ".claude/settings.json"]);

/**
 * Rewrites the launcher everywhere it is recorded; resolves with what it did.
 *
 * @example
 * ```ts
 * await repairLauncher(env); // "rewrote .mcp.json, .claude/settings.json with /usr/bin/deno …"
 * ```
 */
export async function repairLauncher(env: DoctorEnv): Promise<string> {
  const paths = env.paths!;
  const launcher = detectLauncher(env.ctx.env("PATH") ?? "");
  const manifest = await readManifest(paths);
  const done: string[] = [];
  for (const target of desiredState(undefined, undefined, launcher).merges) {
    if (!REWRITTEN.has(target.path)) continue;
    const absolute = join(paths.root, target.path);
    const current = await readTextIfExists(absolute);
    if (current === undefined || target.extract(current) === undefined) continue; // not ours
    const next = target.apply(current);
    if (next === current) continue;
    await writeFileAtomic(absolute, next);
    const entry = manifest?.files.find((file) => file.path === target.path);
    if (entry) {
      entry.sha256 = sha256Hex(next);
      entry.templateSha256 = sha256Hex(target.extract(next) ?? "");
    }
    done.push(target.path);
  }
  if (manifest && done.length) {
    await writeManifest(paths, { ...manifest, updatedAt: new Date(env.ctx.now()).toISOString() });
  }
  if (await insideGitRepository(paths.root)) {
    const hooks = await gitHooksCommand(paths.root, "status");
    if (hooks.some((hook) => hook.state.startsWith("installed"))) {
      await installGitHooks(paths.root);
      done.push("the git hooks");
    }
  }
  return done.length
    ? `rewrote ${done.join(", ")} to start super-agents as \`${launcher.argv.join(" ")}\``
    : "nothing to rewrite";
}
