/**
 * The one way super-agents starts git, and what it lets into git's argument
 * list. A repository's own `.git/config` and `.gitattributes` can name
 * programs (`core.fsmonitor`, `core.pager`, `diff.external`, textconv and
 * filter drivers, `gpg.program` through `log.showSignature`), and task text,
 * model input, CLI flags and MCP input can name revisions. So every git
 * process gets: the system and global config switched off (a neutral
 * config), no terminal prompt, no pager, `-c` options that pin the settings
 * which would start a program, and `--no-ext-diff --no-textconv` on the
 * commands that produce diffs; revisions from outside are checked against
 * `git check-ref-format`-like rules (a leading `-` is refused with its own
 * message) and passed after `--end-of-options`, so no text from a task ever
 * becomes a flag.
 *
 * The environment is cleared except for `PATH` and the variables git sets
 * for a hook to find its repository (`GIT_DIR`, `GIT_WORK_TREE`,
 * `GIT_INDEX_FILE` — the temporary index of `git commit -a` — and the object
 * directories): our git calls inside a hook must see the commit being made,
 * and nothing else from the environment may change what git runs.
 * @module
 */

import { ExitCode, SuperAgentsError } from "./errors.ts";

/**
 * Which git setup a call sees. `neutral` (the default, for every call that
 * reads a repository): no system or global config, hooks off, the reduced
 * environment. `user`: the user's own git setup — global config, hooks,
 * environment — for asking git where the user's hooks live (a global
 * `core.hooksPath` is the answer there) and for the demo's commit in its
 * own throw-away repository, whose hooks must run.
 */
export type GitScope = "neutral" | "user";

/** Options of {@linkcode gitInvocation}. */
export interface GitPolicyOptions {
  scope?: GitScope;
  /** Reads the environment (default: `Deno.env`, where this code may read it). */
  env?: (name: string) => string | undefined;
}

/** What to start: git's arguments and environment. */
export interface GitInvocation {
  args: string[];
  env: Record<string, string>;
  clearEnv: boolean;
}

/**
 * Settings that would make git start a program, pinned on every call (later `-c` wins).
 * `diff.external` is not among them: git 2.39 reads `-c diff.external=` as an external
 * diff named "" and fails ("cannot run :") wherever external diffs are allowed, so the
 * diff commands get `--no-ext-diff` instead, which ignores it and `GIT_EXTERNAL_DIFF`.
 */
const PINNED_CONFIG = ["core.fsmonitor=false", "core.pager=cat", "log.showSignature=false"];
/** Hooks off, except in the user scope. */
const NO_HOOKS = "core.hooksPath=/dev/null";
/** Commands that can produce diff content: external diff drivers and textconv stay off. */
const DIFF_COMMANDS = new Set(["diff", "diff-tree", "diff-index", "diff-files", "log", "show"]);
/** The environment a git call inside a hook needs to find the repository and its index. */
const KEPT_VARIABLES = [
  "PATH",
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_COMMON_DIR",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_QUARANTINE_PATH",
  "GIT_CEILING_DIRECTORIES",
];
const NEUTRAL_ENV = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
const QUIET_ENV = { GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat" };

/**
 * The arguments and environment for `git args...` under the policy. `args`
 * may start with `-c key=value` pairs of the caller; the pinned settings
 * come after them, so they win.
 *
 * @example
 * ```ts
 * const { args, env, clearEnv } = gitInvocation(["diff", "--raw", "--cached"]);
 * // args: ["--no-pager", "-c", "core.fsmonitor=false", ..., "diff", "--no-ext-diff", "--no-textconv", "--raw", "--cached"]
 * ```
 */
export function gitInvocation(args: string[], options: GitPolicyOptions = {}): GitInvocation {
  const scope = options.scope ?? "neutral";
  let start = 0;
  while (args[start] === "-c" && start + 1 < args.length) start += 2;
  const [command, ...rest] = args.slice(start);
  const pinned = scope === "neutral" ? [NO_HOOKS, ...PINNED_CONFIG] : PINNED_CONFIG;
  const full = [
    "--no-pager",
    ...args.slice(0, start),
    ...pinned.flatMap((setting) => ["-c", setting]),
    command,
    ...(DIFF_COMMANDS.has(command) ? ["--no-ext-diff", "--no-textconv"] : []),
    ...rest,
  ];
  if (scope === "user") return { args: full, env: { ...QUIET_ENV }, clearEnv: false };
  const read = options.env ?? readPermittedEnv;
  const kept: Record<string, string> = {};
  for (const name of KEPT_VARIABLES) {
    const value = read(name);
    if (value !== undefined) kept[name] = value;
  }
  return { args: full, env: { ...kept, ...NEUTRAL_ENV, ...QUIET_ENV }, clearEnv: true };
}

/** Options of {@linkcode gitCommand}: the policy plus how to connect the pipes. */
export interface GitCommandOptions extends GitPolicyOptions {
  stdin?: "piped" | "null";
  stdout?: "piped" | "null";
  stderr?: "piped" | "null";
}

/**
 * A `Deno.Command` for `git args...` in `cwd` under the policy; the only
 * place super-agents constructs one.
 *
 * @example
 * ```ts
 * const output = await gitCommand(root, ["rev-parse", "--show-toplevel"]).output();
 * ```
 */
export function gitCommand(
  cwd: string,
  args: string[],
  options: GitCommandOptions = {},
): Deno.Command {
  const invocation = gitInvocation(args, options);
  return new Deno.Command("git", {
    args: invocation.args,
    env: invocation.env,
    clearEnv: invocation.clearEnv,
    cwd,
    stdin: options.stdin ?? "null",
    stdout: options.stdout ?? "piped",
    stderr: options.stderr ?? "piped",
  });
}

/**
 * Reads a variable when this code may (a sandboxed worker without `env`
 * access must not prompt or throw: there the variable is simply not kept).
 */
function readPermittedEnv(name: string): string | undefined {
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
    return undefined;
  }
  return Deno.env.get(name);
}

const REVISION_HINT = "name a commit: a branch (main, origin/main), a tag (v1.2.0), " +
  "a commit id (3f8b1ab) or HEAD~3; a range is from..to (main..HEAD)";

function refused(message: string, value: string): SuperAgentsError {
  return new SuperAgentsError("GIT_ARGUMENT_REFUSED", message, {
    hint: REVISION_HINT,
    exitCode: ExitCode.usage,
    details: { value },
  });
}

/** Characters of a ref name we accept (a strict subset of what `check-ref-format` allows). */
const NAME = /^[A-Za-z0-9._/@+-]+$/;
/** `~`, `~3`, `^`, `^2` after the name. */
const SUFFIX = /^(?:[~^]\d{0,6})*$/;
const MAX_REVISION = 255;

/**
 * Returns `value` when it is a revision git reads as nothing but a
 * revision; throws `GIT_ARGUMENT_REFUSED` (exit 2) otherwise. `what` names
 * where the value came from in the message (`since`, `range`, `--changed-since`).
 *
 * @example
 * ```ts
 * assertRevision("origin/main", "--changed-since"); // "origin/main"
 * assertRevision("--output=/tmp/x", "since"); // throws: it would be read as an option
 * ```
 */
export function assertRevision(value: string, what: string): string {
  if (value === "") throw refused(`${what}: the git revision is empty`, value);
  if (value.startsWith("-")) {
    throw refused(
      `${what}: refused git revision ${quoted(value)}: it starts with "-", so git would read it ` +
        "as an option",
      value,
    );
  }
  const split = /[~^]/.exec(value)?.index ?? value.length;
  const name = value.slice(0, split);
  if (!isRefName(name) || !SUFFIX.test(value.slice(split)) || value.length > MAX_REVISION) {
    throw refused(`${what}: ${quoted(value)} is not a git revision`, value);
  }
  return value;
}

/** `git check-ref-format`-like rules on the name part, over {@linkcode NAME}'s characters. */
function isRefName(name: string): boolean {
  if (!NAME.test(name) || name.startsWith("/") || name.includes("..") || name.includes("//")) {
    return false;
  }
  if (name.endsWith("/") || name.endsWith(".") || name.endsWith(".lock")) return false;
  return name.split("/").every((part) => !part.startsWith("."));
}

/** The value in quotes, control characters escaped, cut at 80 characters. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/**
 * Parses `from..to` into two checked revisions.
 *
 * @example
 * ```ts
 * parseRange("main..HEAD"); // { from: "main", to: "HEAD" }
 * parseRange("--output=/x..HEAD"); // throws GIT_ARGUMENT_REFUSED
 * ```
 */
export function parseRange(text: string, what = "range"): { from: string; to: string } {
  const dots = text.indexOf("..");
  if (dots === -1) {
    throw refused(`${what}: ${quoted(text)} is not a range from..to`, text);
  }
  return {
    from: assertRevision(text.slice(0, dots), what),
    to: assertRevision(text.slice(dots + 2), what),
  };
}

/**
 * `--end-of-options` followed by the checked revisions: how revisions from
 * outside join a git argument list.
 *
 * @example
 * ```ts
 * ["diff", "--raw", ...revisionArgs([from, to]), "--"];
 * ```
 */
export function revisionArgs(revisions: string[], what = "revision"): string[] {
  return ["--end-of-options", ...revisions.map((revision) => assertRevision(revision, what))];
}
