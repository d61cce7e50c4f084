/**
 * Installing, removing and inspecting the git hooks. The hooks directory is
 * git's own answer (`git rev-parse --git-path hooks`), so `core.hooksPath`
 * and worktrees are respected. An existing hook is never overwritten: it is
 * renamed `<hook>.super-agents-chained`, ours runs it first, and uninstall
 * puts it back.
 * @module
 */

import { isAbsolute, join } from "node:path";
import { writeFileAtomic } from "../../core/atomic_file.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import { gitText } from "../local_checks/git_command.ts";
import { CHAINED_SUFFIX, HOOK_MARKER, type HookName, hookScript } from "./hook_script.ts";

/** The state of one hook. */
export type HookState = "installed" | "installed+chained" | "foreign" | "absent";

/** One hook in a status or change report. */
export interface HookReport {
  hook: HookName;
  state: HookState;
  /** What this call did (install/uninstall), or nothing for status. */
  action?: "installed" | "updated" | "chained" | "removed" | "restored" | "kept";
  path: string;
}

/**
 * The hooks directory git uses for the repository around `cwd` (absolute).
 * Asked in the user's own git setup: a `core.hooksPath` in the global config
 * is where the user's commits look for hooks (the neutral policy would
 * answer its own hooks-off setting).
 */
export async function hooksDirectory(cwd: string): Promise<string> {
  const dir = (await gitText(cwd, ["rev-parse", "--git-path", "hooks"], { scope: "user" }))
    .trim();
  return isAbsolute(dir) ? dir : join(cwd, dir);
}

async function exists(path: string): Promise<boolean> {
  return (await Deno.lstat(path).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  })) !== undefined;
}

/** The state of `hook` in `dir`. */
export async function hookState(dir: string, hook: HookName): Promise<HookState> {
  const text = await readTextIfExists(join(dir, hook));
  if (text === undefined) return "absent";
  if (!text.includes(HOOK_MARKER)) return "foreign";
  return (await exists(join(dir, hook + CHAINED_SUFFIX))) ? "installed+chained" : "installed";
}

/**
 * Installs `hooks` into `dir`, chaining any existing hook.
 *
 * @example
 * ```ts
 * await installHooks(await hooksDirectory(root), ["pre-commit", "post-commit"], launchCommand());
 * ```
 */
export async function installHooks(
  dir: string,
  hooks: readonly HookName[],
  launch: string[],
): Promise<HookReport[]> {
  await Deno.mkdir(dir, { recursive: true });
  const reports: HookReport[] = [];
  for (const hook of hooks) {
    const path = join(dir, hook);
    const chained = path + CHAINED_SUFFIX;
    const state = await hookState(dir, hook);
    let action: HookReport["action"] = state === "absent" ? "installed" : "updated";
    if (state === "foreign") {
      if (await exists(chained)) {
        throw new SuperAgentsError(
          "HOOK_CONFLICT",
          `${path} is not ours and ${chained} already exists`,
          {
            hint: `merge the two hooks by hand into ${chained}, delete ${path}, and install again`,
          },
        );
      }
      await Deno.rename(path, chained);
      action = "chained";
    }
    await writeFileAtomic(path, hookScript(hook, launch), { mode: 0o755 });
    reports.push({ hook, state: await hookState(dir, hook), action, path });
  }
  return reports;
}

/** Removes our hooks from `dir` and restores chained ones; foreign hooks are left alone. */
export async function uninstallHooks(
  dir: string,
  hooks: readonly HookName[],
): Promise<HookReport[]> {
  const reports: HookReport[] = [];
  for (const hook of hooks) {
    const path = join(dir, hook);
    const chained = path + CHAINED_SUFFIX;
    const state = await hookState(dir, hook);
    let action: HookReport["action"] = "kept";
    if (state === "installed" || state === "installed+chained") {
      await Deno.remove(path);
      action = "removed";
      if (state === "installed+chained") {
        await Deno.rename(chained, path);
        action = "restored";
      }
    }
    if (state === "absent" && await exists(chained)) {
      await Deno.rename(chained, path); // our hook was deleted by hand: still give the old one back
      action = "restored";
    }
    reports.push({ hook, state: await hookState(dir, hook), action, path });
  }
  return reports;
}
