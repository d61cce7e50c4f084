/**
 * How the child processes of a sandboxed job are contained by the operating
 * system. Deno's permissions bound a worker's own JavaScript but cannot
 * follow a process it starts, so every such process runs inside bubblewrap
 * (`bwrap`): its own user, pid, network, IPC and UTS namespaces, the system
 * directories read-only, the job's read grants read-only and its write
 * grants writable (protected paths such as `.git/` read-only again, hidden
 * ones such as `.claude/state/` and the credential store replaced by empty
 * directories), a fresh `/proc` that shows only the sandbox's processes, no
 * network unless the job has `net: true`, and an environment reduced to an
 * allow-list (bwrap itself is started with an empty environment, so even its
 * own `/proc/1/environ` holds nothing). Where bubblewrap does not work, a
 * job that needs `run` refuses unless the user opted out explicitly with
 * `SUPER_AGENTS_UNCONTAINED_CHILDREN=1` (an environment variable, so a
 * committed project file can never turn containment off).
 * @module
 */

/** The environment variable that lets children run uncontained where bubblewrap is missing. */
export const UNCONTAINED_OPT_OUT = "SUPER_AGENTS_UNCONTAINED_CHILDREN";

/** How children are contained in this process: `bwrap` at `path`, or not at all (and why). */
export type Containment =
  | { kind: "bubblewrap"; path: string }
  | { kind: "uncontained"; reason: string }
  | { kind: "unavailable"; reason: string };

const BWRAP_CANDIDATES = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];

let detected: Containment | undefined;

/** The probe: the smallest sandbox this module builds, running `true`. */
function probe(path: string): string | undefined {
  try {
    const output = new Deno.Command(path, {
      args: [
        "--unshare-all",
        "--die-with-parent",
        "--ro-bind",
        "/",
        "/",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--",
        "true",
      ],
      clearEnv: true,
      env: {},
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    if (output.success) return undefined;
    return new TextDecoder().decode(output.stderr).trim().split("\n")[0] ||
      `exit code ${output.code}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Finds out once per process whether bubblewrap works here (a probe run,
 * ~5-15 ms), and otherwise whether the user opted out of containment.
 *
 * @example
 * ```ts
 * const c = detectContainment();
 * if (c.kind === "unavailable") console.error(c.reason);
 * ```
 */
export function detectContainment(env: (name: string) => string | undefined): Containment {
  if (detected) return detected;
  const optOut = env(UNCONTAINED_OPT_OUT) === "1";
  if (Deno.build.os !== "linux") {
    const reason = `OS-level containment of child processes is implemented with bubblewrap, ` +
      `which is Linux-only (this is ${Deno.build.os})`;
    return detected = optOut ? { kind: "uncontained", reason } : { kind: "unavailable", reason };
  }
  const path = BWRAP_CANDIDATES.find((candidate) => {
    try {
      return Deno.statSync(candidate).isFile;
    } catch {
      return false; // not installed there: try the next place
    }
  });
  const failure = path ? probe(path) : "bubblewrap (bwrap) is not installed";
  if (path && failure === undefined) return detected = { kind: "bubblewrap", path };
  const reason = path ? `bubblewrap cannot create a sandbox here: ${failure}` : failure!;
  return detected = optOut ? { kind: "uncontained", reason } : { kind: "unavailable", reason };
}

/** Forgets the detected containment (tests). */
export function resetContainment(): void {
  detected = undefined;
}

/** The fix to print when containment is unavailable. */
export const CONTAINMENT_HINT =
  "install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`) " +
  `and make sure unprivileged user namespaces are enabled; or, knowing that the agent's ` +
  `programs will then run with your full rights, set ${UNCONTAINED_OPT_OUT}=1`;

/**
 * Deno's module cache as Deno finds it: `DENO_DIR`, else the platform's
 * cache directory. A granted `deno` sees it read-only.
 *
 * @example
 * ```ts
 * denoCacheDir(ctx.env, ctx.home); // "/home/u/.cache/deno"
 * ```
 */
export function denoCacheDir(env: (name: string) => string | undefined, home: string): string {
  const explicit = env("DENO_DIR");
  if (explicit) return explicit;
  if (Deno.build.os === "darwin") return `${home}/Library/Caches/deno`;
  return `${env("XDG_CACHE_HOME") ?? `${home}/.cache`}/deno`;
}
