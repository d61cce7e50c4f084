/**
 * What a job's worker needs to know about its own sandbox: its grants as
 * absolute paths (the file tools check them after resolving links), and,
 * for child processes, the containment and the bubblewrap arguments that
 * mount exactly those grants. The arguments are built here, in the parent,
 * because the worker may not look at the system directories, the
 * credential store or the programs it is allowed to start; the worker only
 * appends the call itself (`contained_command.ts`).
 * @module
 */

import { join } from "node:path";
import type { Containment } from "./containment.ts";
import { HIDDEN_PATHS, PROTECTED_PATHS, uncoveredProtected } from "./protected_paths.ts";
import type { WorkerPermissions } from "./sandbox.ts";
import { within } from "../safe_path.ts";

/** A job's sandbox as its worker sees it (part of the run message). */
export interface JobSandbox {
  root: string;
  read: boolean | string[];
  write: boolean | string[];
  net: boolean | string[];
  /** The programs the job may start (names or paths), or `true` for any. */
  run: boolean | string[];
  env: boolean | string[];
  containment: Containment;
  /** Granted program name → its absolute path on this machine (found on PATH). */
  programs: Record<string, string>;
  /** bubblewrap's arguments for this job, up to the call (empty unless bubblewrap). */
  bwrapArgs: string[];
  /** Deno's module cache, shown read-only to a granted `deno` (null: not shown). */
  denoDir: string | null;
}

const SYSTEM_PATH = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"];
const SYSTEM_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
/** What of `/etc` programs need (name lookups, TLS roots, the dynamic loader), nothing more. */
const ETC_ENTRIES = [
  "alternatives",
  "ca-certificates",
  "ca-certificates.conf",
  "gai.conf",
  "group",
  "host.conf",
  "hosts",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "localtime",
  "mime.types",
  "nsswitch.conf",
  "os-release",
  "passwd",
  "protocols",
  "resolv.conf",
  "services",
  "ssl",
];

function realOrNull(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch {
    return null; // does not exist (yet): nothing to mount
  }
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null; // absent on this system
  }
}

/**
 * The absolute path of `program`: the system's directories first (their
 * programs work inside the sandbox as installed; a shim of a version manager
 * under the home directory, such as pyenv's, would call files the sandbox
 * does not show), then `PATH`. Null when it is nowhere.
 */
export function findProgram(program: string, path: string | undefined): string | null {
  if (program.includes("/")) return realOrNull(program);
  for (const dir of [...SYSTEM_PATH, ...(path ?? "").split(":")]) {
    if (!dir) continue;
    const candidate = join(dir, program);
    const info = lstatOrNull(candidate);
    if (info && (info.isFile || info.isSymlink)) {
      const real = realOrNull(candidate);
      if (real) return real;
    }
  }
  return null;
}

/**
 * `deno` when no `deno` is on PATH: the Deno that runs super-agents itself (an
 * install without Deno on PATH brought its own), so a `run: [deno]` grant
 * works wherever super-agents does. Not for a compiled binary, which is not
 * a `deno`.
 */
function ownDeno(name: string): string | null {
  if (name !== "deno" || Deno.build.standalone) return null;
  return realOrNull(Deno.execPath());
}

function systemArgs(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    const info = lstatOrNull(dir);
    if (!info) continue;
    if (info.isSymlink) args.push("--symlink", Deno.readLinkSync(dir), dir);
    else args.push("--ro-bind", dir, dir);
  }
  for (const entry of ETC_ENTRIES) args.push("--ro-bind-try", `/etc/${entry}`, `/etc/${entry}`);
  return args;
}

function grantList(value: boolean | string[]): string[] {
  return Array.isArray(value) ? value.map(realOrNull).filter((p): p is string => p !== null) : [];
}

/** Options of {@linkcode jobSandbox}. */
export interface JobSandboxOptions {
  root: string;
  permissions: WorkerPermissions;
  /** The programs the agent may start (its `permissions.run`). */
  run: boolean | string[];
  containment: Containment;
  /** Directories no child may see even under a broad read grant (the credential store). */
  masks: string[];
  /** The parent's PATH, to find the granted programs. */
  path: string | undefined;
  /** Deno's module cache (`DENO_DIR`, default `~/.cache/deno`), for a granted `deno`. */
  denoDir?: string;
}

/**
 * The sandbox of one job for its worker.
 *
 * @example
 * ```ts
 * const sandbox = jobSandbox({ root, permissions, run: ["git"], containment, masks: [dataHome], path });
 * sandbox.programs.git; // "/usr/bin/git"
 * ```
 */
export function jobSandbox(options: JobSandboxOptions): JobSandbox {
  const { permissions, containment } = options;
  const root = realOrNull(options.root) ?? options.root;
  const programs: Record<string, string> = {};
  if (Array.isArray(options.run)) {
    for (const name of options.run) {
      const found = findProgram(name, options.path) ?? ownDeno(name);
      if (found) programs[name] = found;
    }
  }
  const runsDeno = options.run === true || Object.keys(programs).some((p) => p === "deno");
  const denoDir = runsDeno && options.denoDir ? realOrNull(options.denoDir) : null;
  const base = {
    root,
    read: permissions.read,
    write: permissions.write,
    net: permissions.net,
    run: options.run,
    env: permissions.env,
    containment,
    programs,
    denoDir,
  };
  if (containment.kind !== "bubblewrap" || options.run === false) return { ...base, bwrapArgs: [] };
  const args = bubblewrapArgs(root, permissions, programs, options.masks);
  // The cache holds public packages; read-only, so one project cannot poison another's.
  if (denoDir) args.push("--ro-bind", denoDir, denoDir);
  return { ...base, bwrapArgs: args };
}

function bubblewrapArgs(
  root: string,
  permissions: WorkerPermissions,
  programs: Record<string, string>,
  masks: string[],
): string[] {
  const args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"];
  if (permissions.net === true) args.push("--share-net");
  const read = permissions.read === true ? true : grantList(permissions.read);
  const write = permissions.write === true ? true : grantList(permissions.write);
  if (read === true || write === true) args.push("--ro-bind", "/", "/");
  else args.push(...systemArgs());
  args.push("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");
  if (read !== true) { for (const path of read) args.push("--ro-bind", path, path); }
  if (write === true) args.push("--bind", "/", "/", "--proc", "/proc", "--dev", "/dev");
  else for (const path of write) args.push("--bind", path, path);
  const writable = write === true ? [] : write;
  const visible = (path: string) =>
    read === true || write === true || [...read, ...writable].some((g) => within(g, path));
  // Protected paths under a broad write grant are mounted read-only again; `.claude` as a
  // whole, since nothing in it is the agents' to change (their workspaces are granted exactly).
  const writeGrants = write === true ? true : writable;
  const readOnly = uncoveredProtected(root, writeGrants, [...PROTECTED_PATHS, ".claude"]);
  for (const path of readOnly) {
    if (lstatOrNull(path)) args.push("--ro-bind", path, path);
  }
  for (const path of writable) {
    if (readOnly.some((p) => within(p, path))) args.push("--bind", path, path);
  }
  const readGrants = read === true ? true : [...read, ...writable];
  const hidden = [...uncoveredProtected(root, readGrants, HIDDEN_PATHS), ...masks];
  for (const path of hidden) {
    const info = lstatOrNull(path);
    if (info?.isDirectory && visible(path)) args.push("--tmpfs", path);
    else if (info?.isFile && visible(path)) args.push("--ro-bind", "/dev/null", path);
  }
  for (const program of Object.values(programs)) {
    const shown = SYSTEM_DIRS.some((dir) => within(dir, program)) && read !== true
      ? true
      : visible(program) && !hidden.some((h) => within(h, program));
    if (!shown) args.push("--ro-bind", program, program);
  }
  return args;
}
