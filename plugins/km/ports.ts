/**
 * KM port allocation across every project of one user. Under the global
 * flock (`globalPaths(ctx).portLock`) a port is chosen from the configured
 * range, proven free by binding it, and recorded in a claims file
 * (`<dataHome>/port_claims.json`: port → project root + pid). The claim keeps
 * a port reserved between the probe and the moment the KM binds it, so two
 * projects starting at the same instant never pick the same port. A claim
 * whose pid is gone no longer reserves the port but remembers which project
 * used it, so each project keeps its port across restarts when it is free.
 * @module
 */

import { join } from "../../core/light_path.ts"; // not node:path: see light_path.ts
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { withFileLock } from "../../core/file_lock.ts";
import { readJsonFile } from "../../core/fs/read_json_file.ts";
import { globalPaths } from "../../core/paths.ts";
import { isProcessAlive } from "./process_info.ts";

/** One port claim. */
export interface PortClaim {
  root: string;
  pid: number;
  at: number;
}

/** The claims file. */
export interface ClaimsFile {
  version: 1;
  claims: Record<string, PortClaim>;
}

/**
 * Validates a parsed claims file by hand rather than with zod: `start` and
 * every KM read it at start-up, and importing zod alone costs them ~25 ms and
 * ~6 MB of resident memory (`scripts/bench/km.ts`). Returns the file with only
 * the known keys, or the first problem.
 */
export function parseClaimsFile(raw: unknown): ClaimsFile | string {
  if (!isObject(raw)) return "expected a JSON object";
  if (raw.version !== 1) return "version: expected 1";
  if (!isObject(raw.claims)) return "claims: expected an object";
  const claims: Record<string, PortClaim> = {};
  for (const [port, claim] of Object.entries(raw.claims)) {
    if (!/^\d+$/.test(port)) return `claims: key "${port}" is not a port number`;
    if (!isObject(claim)) return `claims.${port}: expected an object`;
    const { root, pid, at } = claim;
    if (typeof root !== "string" || root === "") return `claims.${port}.root: expected a path`;
    if (!Number.isSafeInteger(pid) || (pid as number) < 0) {
      return `claims.${port}.pid: expected a non-negative integer`;
    }
    if (typeof at !== "number" || !Number.isFinite(at)) {
      return `claims.${port}.at: expected a number`;
    }
    claims[port] = { root, pid: pid as number, at };
  }
  return { version: 1, claims };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Options for {@linkcode allocatePort}. */
export interface AllocateOptions {
  /** The project the port is for. */
  root: string;
  host: string;
  min: number;
  max: number;
  /** Port to try first (the project's previous port). */
  preferred?: number;
  /** Ports not to use this time (e.g. one the KM just failed to bind). */
  exclude?: number[];
  /** Pid recorded in the claim (default: this process). */
  pid?: number;
}

/** The claims file of this user. */
export function claimsPath(ctx: Pick<Context, "home" | "dataHome">): string {
  return join(globalPaths(ctx).dataHome, "port_claims.json");
}

/**
 * Chooses a free port for `options.root` and claims it.
 *
 * @example
 * ```ts
 * const port = await allocatePort(ctx, { root, host: "127.0.0.1", min: 5001, max: 5100 });
 * ```
 */
export async function allocatePort(ctx: Context, options: AllocateOptions): Promise<number> {
  if (options.min > options.max) {
    throw new SuperAgentsError(
      "KM_PORT_RANGE_INVALID",
      `the KM port range ${options.min}-${options.max} is empty (km.portMin > km.portMax)`,
      { hint: "run `super-agents config set km.portMax <n>` with n ≥ km.portMin" },
    );
  }
  return await withFileLock(globalPaths(ctx).portLock, async () => {
    const file = await readClaims(ctx);
    const port = chooseFreePort(file, options);
    if (port === undefined) throw exhaustedError(options);
    for (const [key, claim] of Object.entries(file.claims)) {
      if (claim.root === options.root) delete file.claims[key]; // one port per project
    }
    file.claims[String(port)] = { root: options.root, pid: options.pid ?? Deno.pid, at: ctx.now() };
    await writeJsonAtomic(claimsPath(ctx), file);
    return port;
  });
}

/** Records that `pid` (the KM itself, once bound) now holds `port` for `root`. */
export function updateClaim(ctx: Context, port: number, root: string, pid: number): Promise<void> {
  return withFileLock(globalPaths(ctx).portLock, async () => {
    const file = await readClaims(ctx);
    for (const [key, claim] of Object.entries(file.claims)) {
      if (claim.root === root && key !== String(port)) delete file.claims[key];
    }
    file.claims[String(port)] = { root, pid, at: ctx.now() };
    await writeJsonAtomic(claimsPath(ctx), file);
  });
}

/** The port a project used last according to the claims file, if any. */
export async function rememberedPort(ctx: Context, root: string): Promise<number | undefined> {
  const file = await readClaims(ctx);
  const entry = Object.entries(file.claims).find(([, claim]) => claim.root === root);
  return entry ? Number(entry[0]) : undefined;
}

/** Reads and validates the claims file (an empty one when missing). */
export async function readClaims(ctx: Pick<Context, "home" | "dataHome">): Promise<ClaimsFile> {
  const path = claimsPath(ctx);
  const raw = await readJsonFile(path, (error) => claimsCorrupt(path, error.message));
  if (raw === undefined) return { version: 1, claims: {} };
  const parsed = parseClaimsFile(raw);
  if (typeof parsed === "string") throw claimsCorrupt(path, parsed);
  return parsed;
}

/**
 * Whether `port` can be bound on `host` right now. Binding is the only
 * proof: a port can be taken by any process, visible to `lsof` or not.
 */
export function canBind(host: string, port: number): boolean {
  let listener: Deno.Listener;
  try {
    listener = Deno.listen({ hostname: host, port });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return false;
    if (error instanceof Deno.errors.PermissionDenied) return false; // e.g. privileged port
    throw error;
  }
  listener.close();
  return true;
}

function chooseFreePort(file: ClaimsFile, options: AllocateOptions): number | undefined {
  const excluded = new Set(options.exclude ?? []);
  const usable = (port: number) =>
    port >= options.min && port <= options.max && !excluded.has(port);
  const heldByOther = (port: number) => {
    const claim = file.claims[String(port)];
    return claim !== undefined && claim.root !== options.root && claim.pid > 0 &&
      isProcessAlive(claim.pid);
  };
  const rememberedByOther = (port: number) => {
    const claim = file.claims[String(port)];
    return claim !== undefined && claim.root !== options.root;
  };
  const own = Object.entries(file.claims)
    .filter(([, claim]) => claim.root === options.root)
    .map(([key]) => Number(key));
  const preferred = [options.preferred, ...own].filter((p): p is number => p !== undefined);
  for (const port of preferred) {
    if (usable(port) && !heldByOther(port) && canBind(options.host, port)) return port;
  }
  // First pass leaves ports other projects used last time, so they can keep them.
  for (const skipRemembered of [true, false]) {
    for (let port = options.min; port <= options.max; port++) {
      if (!usable(port) || heldByOther(port)) continue;
      if (skipRemembered && rememberedByOther(port)) continue;
      if (canBind(options.host, port)) return port;
    }
  }
  return undefined;
}

function exhaustedError(options: AllocateOptions): SuperAgentsError {
  const width = options.max - options.min + 1;
  return new SuperAgentsError(
    "KM_PORTS_EXHAUSTED",
    `no free KM port in ${options.min}-${options.max} on ${options.host} ` +
      `(all ${width} are in use or claimed by running projects)`,
    {
      hint: `widen the range: set SUPER_AGENTS_PORT_MAX (e.g. ${options.max + 100}) or run ` +
        `\`super-agents config set km.portMax ${options.max + 100}\`; ` +
        "`super-agents list --all` shows which projects hold ports",
      details: { portMin: options.min, portMax: options.max },
    },
  );
}

function claimsCorrupt(path: string, why: string): SuperAgentsError {
  return new SuperAgentsError("KM_CLAIMS_CORRUPT", `${path} is not a valid claims file: ${why}`, {
    hint: `delete ${path}; it only remembers which project used which port`,
  });
}
