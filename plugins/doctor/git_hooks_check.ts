/**
 * Doctor check: in a git repository, the super-agents git hooks are
 * installed (the pre-commit hook carries the `super-agents-hook` marker or
 * calls `super-agents hook`). The hooks directory is git's own answer, so
 * `core.hooksPath` and worktrees are respected. Missing hooks are
 * repairable: `hooks install` chains existing hooks and never clobbers them.
 * @module
 */

import { isAbsolute, join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import { gitCommand } from "../../core/git_policy.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import { defineCheck, type Finding } from "./check.ts";
import { runSelf } from "../../core/self_command.ts";

const id = "git-hooks";
const HOOKS = ["pre-commit", "post-commit", "post-merge", "pre-push"];

/** Whether a hook script is one of ours. */
export function isOurHook(text: string): boolean {
  return text.includes("super-agents-hook") || /super-agents\S*\s+hook\s/.test(text);
}

/**
 * The hooks directory of the repository at `root`, or `undefined` outside
 * git; asked in the user's own git setup, like `hooks install` asks it.
 */
async function hooksDirectory(root: string): Promise<string | undefined> {
  let output: Deno.CommandOutput;
  try {
    output = await gitCommand(root, ["rev-parse", "--git-path", "hooks"], { scope: "user" })
      .output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // no git: no hooks to check
    throw error;
  }
  if (!output.success) return undefined; // not a git repository
  const dir = new TextDecoder().decode(output.stdout).trim();
  return isAbsolute(dir) ? dir : join(root, dir);
}

/** The check. */
export const check = defineCheck({
  id,
  title: "git hooks are installed",
  async run(env): Promise<Finding[]> {
    if (!env.paths) return [];
    const dir = await hooksDirectory(env.paths.root);
    if (!dir) return [];
    const missing: string[] = [];
    for (const hook of HOOKS) {
      const text = await readTextIfExists(join(dir, hook));
      if (text === undefined || !isOurHook(text)) missing.push(hook);
    }
    if (missing.length === 0) {
      return [{ check: id, severity: "ok", message: `git hooks installed in ${dir}` }];
    }
    return [{
      check: id,
      severity: "warning",
      message: `git hook(s) not installed in ${dir}: ${missing.join(", ")}`,
      fix: "super-agents hooks install   (chains existing hooks, never overwrites them)",
      repairable: true,
    }];
  },
  async repair(env) {
    const result = await runSelf(["hooks", "install"], env.paths!.root);
    if (result.code !== 0) {
      throw new SuperAgentsError(
        "DOCTOR_FIX_FAILED",
        `hooks install failed: ${(result.stderr || result.stdout).trim()}`,
        { hint: "run `super-agents hooks install` yourself to see the details" },
      );
    }
    return "git hooks installed (super-agents hooks install)";
  },
});
