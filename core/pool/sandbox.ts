/**
 * The permission boundary of a job: a sandbox spec (`read`, `write`, `net`,
 * `run`, `env`, each `true`, `false` or a list, the same shape as an agent
 * definition's `permissions`) turned into the Deno permissions of the Web
 * Worker the job runs in. Defaults: read the project, write only the job's
 * workspace `.claude/workspaces/<job-id>/`, net only to the model API host,
 * no subprocesses, no environment, never `sys` or `ffi`. Every program a
 * job starts on a model's or the project's behalf runs inside an OS sandbox
 * with the same grants (`job_sandbox.ts`, `contained_command.ts`).
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import { z } from "../deps.ts";
import { type Containment, detectContainment } from "./containment.ts";

const grant = z.union([z.boolean(), z.array(z.string().min(1))]);
/** One host an import grant names: a name or IPv4/[IPv6] address and an optional port. */
const IMPORT_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

/** What a job may touch; paths are relative to the project root. */
export const SandboxSpecSchema = z.object({
  read: grant.default(["."]),
  write: grant.default(false),
  /** Default: only the model API host (`pool.modelApiHost`). */
  net: grant.optional(),
  run: grant.default(false),
  env: grant.default(false),
  /** Grant write access to `.claude/workspaces/<job-id>/` (created before the job starts). */
  workspace: z.boolean().default(true),
  /**
   * Hosts (`host[:port]`) the worker may import modules from; never all of
   * them. Default: none (a job's code is local; a URL plugin's executor
   * gets its plugin's origin).
   */
  import: z.array(z.string().regex(IMPORT_HOST, "a host[:port], e.g. jsr.io or 127.0.0.1:8080"))
    .default([]),
});
/** A sandbox spec as written. */
export type SandboxSpec = z.input<typeof SandboxSpecSchema>;
/** A sandbox spec with defaults. */
export type ParsedSandboxSpec = z.output<typeof SandboxSpecSchema>;

/** Where a sandbox is resolved. */
export interface SandboxPlace {
  root: string;
  workspacesDir: string;
  modelApiHost: string;
  /** How child processes are contained (default: detected on first use). */
  containment?: () => Containment;
  /** Directories no child process may see, even under a broad read grant (the credential store). */
  masks?: string[];
  /** Deno's module cache, shown read-only to a job that may run `deno` (`denoCacheDir`). */
  denoDir?: string;
}

/** The containment of a place's child processes. */
export function containmentOf(place: SandboxPlace): Containment {
  return place.containment?.() ?? detectContainment((name) => Deno.env.get(name));
}

/**
 * The worker's own `run` permission: the granted programs (the product's
 * own calls, e.g. git under its argument policy), plus bubblewrap, through
 * which every program started on a model's or a project's behalf runs
 * (`contained_command.ts`).
 */
function runPermission(run: boolean | string[], place: SandboxPlace): boolean | string[] {
  if (run === false || (Array.isArray(run) && run.length === 0)) return false;
  if (run === true) return true;
  const containment = containmentOf(place);
  return containment.kind === "bubblewrap" ? [...new Set([...run, containment.path])] : run;
}

/** Deno permissions of one worker (the `deno.permissions` option of `new Worker`). */
export interface WorkerPermissions {
  read: boolean | string[];
  write: boolean | string[];
  net: boolean | string[];
  run: boolean | string[];
  env: boolean | string[];
  /** Hosts modules may be imported from (`false`: none). */
  import: false | string[];
  sys: false;
  ffi: false;
}

/** The workspace directory of a job. */
export function workspaceOf(place: SandboxPlace, jobId: string): string {
  return join(place.workspacesDir, jobId);
}

function paths(value: boolean | string[], root: string): boolean | string[] {
  if (typeof value === "boolean") return value;
  return value.map((path) => isAbsolute(path) ? path : resolve(root, path));
}

function nonEmpty(value: boolean | string[]): boolean | string[] {
  return Array.isArray(value) && value.length === 0 ? false : value;
}

/**
 * The worker permissions of a sandbox, with the given workspaces (the jobs a
 * worker will run) added to `write`.
 *
 * @example
 * ```ts
 * workerPermissions({}, place, ["/p/.claude/workspaces/job_1"]).write;
 * // ["/p/.claude/workspaces/job_1"]
 * ```
 */
export function workerPermissions(
  spec: SandboxSpec,
  place: SandboxPlace,
  workspaces: string[] = [],
): WorkerPermissions {
  const s = SandboxSpecSchema.parse(spec);
  const write = paths(s.write, place.root);
  return {
    read: nonEmpty(paths(s.read, place.root)),
    write: write === true ? true : nonEmpty([...(write || []), ...workspaces]),
    net: nonEmpty(s.net ?? [place.modelApiHost]),
    run: runPermission(s.run, place),
    env: nonEmpty(s.env),
    import: s.import.length === 0 ? false : s.import,
    sys: false,
    ffi: false,
  };
}

/**
 * A key that is equal for two jobs exactly when a worker started for one can
 * run the other (same executor, same permissions apart from their own
 * workspaces).
 */
export function sandboxKey(executor: string, spec: SandboxSpec, place: SandboxPlace): string {
  const s = SandboxSpecSchema.parse(spec);
  return JSON.stringify([executor, s.workspace, workerPermissions({ ...s }, place)]);
}

/** Parsed sandboxes and their reuse keys, cached per sandbox object (agents share theirs). */
export class SandboxKeys {
  readonly #place: SandboxPlace;
  readonly #cache = new WeakMap<
    SandboxSpec,
    { executor: string; spec: ParsedSandboxSpec; key: string }
  >();

  constructor(place: SandboxPlace) {
    this.#place = place;
  }

  /** The parsed sandbox of a task and its {@linkcode sandboxKey}. */
  of(executor: string, sandbox: SandboxSpec): { spec: ParsedSandboxSpec; key: string } {
    const cached = this.#cache.get(sandbox);
    if (cached?.executor === executor) return cached;
    const spec = SandboxSpecSchema.parse(sandbox);
    const entry = { executor, spec, key: sandboxKey(executor, spec, this.#place) };
    this.#cache.set(sandbox, entry);
    return entry;
  }
}
