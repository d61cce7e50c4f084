/**
 * The shell script installed as each git hook. It runs a chained hook (the
 * one that was there before, renamed `<hook>.super-agents-chained`) first
 * and stops if that fails, then runs `super-agents hook <name>` — from PATH
 * when it is there, else with the launch command recorded at install time.
 * pre-push reads the pushed refs from stdin once and hands them to both.
 * A missing super-agents never blocks git: the script warns and exits 0.
 * @module
 */

import { shellWord } from "../../core/cli/shell_quote.ts";
import { selfLaunch } from "../../core/self_command.ts";

/** The hooks super-agents can install. */
export const HOOK_NAMES = [
  "pre-commit",
  "commit-msg",
  "post-commit",
  "post-merge",
  "pre-push",
] as const;
/** A hook name. */
export type HookName = typeof HOOK_NAMES[number];

/** The line that marks a hook file as ours. */
export const HOOK_MARKER = "# super-agents-hook: v1";
/** Suffix of a previous hook that ours runs first. */
export const CHAINED_SUFFIX = ".super-agents-chained";

/**
 * The script for hook `name`; `launch` is the command that runs
 * super-agents when it is not on PATH (e.g. `["/usr/bin/deno", "run", "-A", "/opt/sa/main.ts"]`).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(".git/hooks/pre-commit", hookScript("pre-commit", launch), { mode: 0o755 });
 * ```
 */
export function hookScript(name: HookName, launch: string[]): string {
  const fallback = launch.map(shellWord).join(" ");
  const program = shellWord(launch[0]);
  const stdin = name === "pre-push";
  const feed = stdin ? `feed | ` : "";
  return `#!/bin/sh
${HOOK_MARKER}
# Installed by \`super-agents hooks install\`; \`super-agents hooks uninstall\` removes it
# and restores the hook that was here before (${name}${CHAINED_SUFFIX}).
hook_dir=$(dirname "$0")
chained="$hook_dir/${name}${CHAINED_SUFFIX}"
${
    stdin
      ? `input=$(cat)\nfeed() { if [ -n "$input" ]; then printf '%s\\n' "$input"; fi; }\n`
      : ""
  }if [ -x "$chained" ]; then
  ${feed}"$chained" "$@" || exit $?
fi
if command -v super-agents >/dev/null 2>&1; then
  ${feed}super-agents hook ${name} "$@"
elif [ -x ${program} ] || command -v ${program} >/dev/null 2>&1; then
  ${feed}${fallback} hook ${name} "$@"
else
  echo "super-agents: not found (PATH or ${launch[0]}); ${name} checks skipped" >&2
  exit 0
fi
`;
}

/** The command that runs this super-agents, to record in hook scripts. */
export function launchCommand(): string[] {
  return selfLaunch();
}
