/**
 * How to launch `super-agents km serve` as its own long-lived process: the
 * command line (source checkout via `deno run`, or a compiled binary), and a
 * detached spawn in a new session with stdout and stderr appended to the log
 * file, so the KM outlives the `start` command and its terminal. The worker
 * and its supervisor (`plugins/km/worker_supervisor/`) are launched the same way.
 * @module
 */

import { selfLaunch, selfRunArgs } from "../../core/self_command.ts";

export { EXIT_PORT_IN_USE } from "./listener.ts";

/**
 * The command line that runs `km serve` for a project. With both `port` and
 * `host` the KM binds before it loads its configuration; `allowRemote` passes
 * on the user's opt-in to a non-loopback address (`--allow-remote`).
 */
export function kmServeArgv(
  root: string,
  port?: number,
  host?: string,
  allowRemote = false,
): string[] {
  const exec = Deno.execPath();
  const serve = [
    "km",
    "serve",
    "--project",
    root,
    ...(port ? ["--port", String(port)] : []),
    ...(port && host ? ["--host", host] : []),
    ...(allowRemote ? ["--allow-remote"] : []),
  ];
  if (Deno.build.standalone) return [exec, ...serve]; // compiled binary
  // The checkout's own deno.json, named explicitly (as for the worker): the project's must not
  // change how the KM resolves modules, and its lockfile pins the npm packages to the versions
  // the install cached (with none, Deno resolved them anew from the registry at every start).
  // A 1 MB young generation keeps a mostly idle server's resident memory ~10-30 MB lower;
  // lite mode (no optimising compiler) another ~7 MB: the KM's work is SQLite and I/O, not JS.
  // --no-code-cache: deserialising the V8 code cache costs ~2 MB idle and ~4 MB after an MCP
  // session, and in lite mode compiling lazily from source starts faster (~280 vs ~345 ms).
  // --cached-only (a checkout, whose modules the install cached): no plugin code the KM's MCP
  // tools run can make Deno fetch anything (`import_containment.ts`).
  return [
    exec,
    "run",
    "-A",
    "--quiet",
    "--no-code-cache",
    "--v8-flags=--max-semi-space-size=1,--lite-mode",
    ...selfRunArgs(),
    ...serve,
  ];
}

/**
 * The KM process's glibc malloc settings (`start` and the service units set
 * them): one arena instead of one per thread, and freed memory handed back
 * to the system once 64 KiB sit free at the top of the heap. The KM's native
 * memory is mostly module source and parser scratch freed right after the
 * first API and MCP requests; measured with `start` in the same session,
 * RSS idle 58.7-59.5 MB against 64.8-66.3 MB without, after a search, an MCP
 * session and 300 tool calls 89.3-90.3 MB against 100.8-101.8 MB, with
 * `tools/call` p50 0.92-1.01 ms against 0.99-1.01 ms.
 */
export const KM_PROCESS_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: "1",
  MALLOC_TRIM_THRESHOLD_: "65536",
};

/**
 * The command line that runs `super-agents worker` for the project whose
 * root is the spawn's working directory: the same runtime and flags as the
 * KM's, plus the unstable Worker options the sandboxed pool needs (a
 * compiled binary has them built in).
 *
 * @example
 * ```ts
 * const child = spawnDetached(workerArgv(), paths.logs + "/worker.log", paths.root);
 * ```
 */
export function workerArgv(): string[] {
  return selfArgv(["worker"]);
}

/**
 * The command line of the worker supervisor (`start --supervise`), launched
 * detached by `start` in the project's root.
 *
 * @example
 * ```ts
 * spawnDetached(supervisorArgv(), paths.logs + "/worker.log", paths.root);
 * ```
 */
export function supervisorArgv(): string[] {
  return selfArgv(["start", "--supervise"]);
}

function selfArgv(command: string[]): string[] {
  // The worker runs in the project: selfLaunch names the checkout's deno.json, so the project's
  // is never the one Deno finds, and its lockfile pins the model SDKs the worker imports.
  return [...selfLaunch(), ...command];
}

/**
 * Spawns `argv` detached (new session, no controlling terminal), stdin from
 * /dev/null and output appended to `logPath`, with `env` added to the
 * inherited environment. The returned child is not yet unref'd, so the
 * caller can watch for an early exit.
 */
export function spawnDetached(
  argv: string[],
  logPath: string,
  cwd: string,
  env: Record<string, string> = {},
): Deno.ChildProcess {
  if (Deno.build.os === "windows") {
    return new Deno.Command(argv[0], {
      args: argv.slice(1),
      cwd,
      env,
      detached: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
  }
  // `exec` keeps the pid, so the child's pid is the KM's pid. umask 077: the log (and whatever
  // the KM creates) is the user's alone from its first byte; an older 0644 log is tightened.
  const script =
    'log="$1"; shift; umask 077; : >>"$log"; chmod 600 "$log"; exec "$@" >>"$log" 2>&1 </dev/null';
  return new Deno.Command("/bin/sh", {
    args: ["-c", script, "super-agents-km", logPath, ...argv],
    cwd,
    env,
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}
