/**
 * Starting a child process from inside a sandboxed job: the one way every
 * executor, tool and provider starts a program on a job's behalf. The
 * program must be one the job's `run` grant names; it runs inside the
 * job's bubblewrap sandbox (`job_sandbox.ts` built the mounts) with an
 * environment made only of a fixed base, the caller's own variables and the
 * variables the job's `env` grant names — never a credential (names that
 * look like keys, tokens, secrets or passwords are dropped even when
 * granted). Where containment is unavailable the call fails with the fix.
 * @module
 */

import { basename } from "node:path";
import { CONTAINMENT_HINT, UNCONTAINED_OPT_OUT } from "./containment.ts";
import type { JobSandbox } from "./job_sandbox.ts";
import { SuperAgentsError } from "../errors.ts";

/** The PATH inside a sandbox: the system's directories only. */
export const SANDBOX_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const CREDENTIAL_NAME = /KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION|^ANTHROPIC_/i;

/** Options of {@linkcode containedCommand}. */
export interface ContainedOptions {
  /** Working directory (default: the project root); must be inside a grant to exist in the sandbox. */
  cwd?: string;
  /** Variables the caller sets for this program (e.g. git's configuration switches). */
  env?: Record<string, string>;
  stdin?: "piped" | "inherit" | "null";
  stdout?: "piped" | "inherit" | "null";
  stderr?: "piped" | "inherit" | "null";
  signal?: AbortSignal;
}

/** A refusal to start a program; tools show it to the model as a sandbox boundary. */
export class ChildRefused extends SuperAgentsError {}

/** Whether the job's `run` grant allows `program`. */
export function programAllowed(sandbox: Pick<JobSandbox, "run">, program: string): boolean {
  const run = sandbox.run;
  return run === true ||
    (Array.isArray(run) && (run.includes(program) || run.includes(basename(program))));
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return undefined; // not granted: not passed on
    throw error;
  }
}

/** The environment of a child: base, granted non-credential variables, then the caller's. */
export function childEnvironment(
  sandbox: Pick<JobSandbox, "env" | "containment" | "denoDir">,
  extra: Record<string, string> = {},
): Record<string, string> {
  const contained = sandbox.containment.kind === "bubblewrap";
  const env: Record<string, string> = {
    PATH: contained ? SANDBOX_PATH : readEnv("PATH") ?? SANDBOX_PATH,
    HOME: contained ? "/tmp" : readEnv("HOME") ?? "/tmp",
    TMPDIR: "/tmp",
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    TERM: "dumb",
    ...(contained && sandbox.denoDir ? { DENO_DIR: sandbox.denoDir } : {}),
  };
  const names = sandbox.env === true
    ? (() => {
      try {
        return Object.keys(Deno.env.toObject());
      } catch (error) {
        if (error instanceof Deno.errors.NotCapable) return [];
        throw error;
      }
    })()
    : Array.isArray(sandbox.env)
    ? sandbox.env
    : [];
  for (const name of names) {
    if (CREDENTIAL_NAME.test(name) || name in env) continue;
    const value = readEnv(name);
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * A `Deno.Command` that runs `program args…` inside the job's sandbox.
 *
 * @example
 * ```ts
 * const output = await containedCommand(sandbox, "git", ["status"], { stdout: "piped" }).output();
 * ```
 */
export function containedCommand(
  sandbox: JobSandbox,
  program: string,
  args: string[],
  options: ContainedOptions = {},
): Deno.Command {
  if (!programAllowed(sandbox, program)) {
    const list = Array.isArray(sandbox.run) && sandbox.run.length ? sandbox.run.join(", ") : "none";
    throw new ChildRefused(
      "SANDBOX_RUN_DENIED",
      `sandbox boundary: "${program}" is not a program this agent may run (run grant: ${list})`,
      { hint: "grant it in the agent's permissions.run if it is intended" },
    );
  }
  const { containment } = sandbox;
  if (containment.kind === "unavailable") {
    throw new ChildRefused(
      "SANDBOX_UNAVAILABLE",
      `sandbox boundary: cannot start "${program}": child processes of an agent run only inside ` +
        `an OS sandbox, and none is available (${containment.reason})`,
      { hint: CONTAINMENT_HINT },
    );
  }
  const cwd = options.cwd ?? sandbox.root;
  const env = childEnvironment(sandbox, options.env);
  const path = sandbox.programs[program] ?? sandbox.programs[basename(program)] ?? program;
  const stdio = {
    stdin: options.stdin ?? "null",
    stdout: options.stdout ?? "piped",
    stderr: options.stderr ?? "piped",
    ...(options.signal ? { signal: options.signal } : {}),
  } as const;
  if (containment.kind === "uncontained") {
    // The user chose this with UNCONTAINED_OPT_OUT; the environment is still reduced.
    return new Deno.Command(path, { args, cwd, clearEnv: true, env, ...stdio });
  }
  const setenv = Object.entries(env).flatMap(([name, value]) => ["--setenv", name, value]);
  return new Deno.Command(containment.path, {
    args: [...sandbox.bwrapArgs, "--chdir", cwd, ...setenv, "--", path, ...args],
    // bwrap becomes pid 1 of the sandbox: with an empty environment, its /proc/1/environ is empty.
    clearEnv: true,
    env: {},
    ...stdio,
  });
}

/**
 * Refuses a job up front when it may start programs and no OS sandbox can
 * contain them, so an agent does not spend turns on calls that will all
 * fail: the error names the agent, its `run` grant and the fix.
 *
 * @example
 * ```ts
 * requireContainment(ctx.sandbox, "reviewer-agent"); // throws SANDBOX_UNAVAILABLE without bwrap
 * ```
 */
export function requireContainment(sandbox: JobSandbox, agent: string): void {
  const { run, containment } = sandbox;
  const startsPrograms = run === true || (Array.isArray(run) && run.length > 0);
  if (!startsPrograms || containment.kind !== "unavailable") return;
  const list = run === true ? "any program" : (run as string[]).join(", ");
  throw Object.assign(
    new ChildRefused(
      "SANDBOX_UNAVAILABLE",
      `agent ${agent} may start programs (run: ${list}), but no OS sandbox is available here to ` +
        `contain them (${containment.reason}). Fix: ${CONTAINMENT_HINT}`,
      { hint: CONTAINMENT_HINT },
    ),
    { retryable: false },
  );
}

/** The opt-out variable, re-exported for messages. */
export { UNCONTAINED_OPT_OUT };
