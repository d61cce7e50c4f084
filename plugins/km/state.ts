/**
 * The KM's state files in `.claude/state/`: `km.port`, `km.pid`, `km.token`
 * (0600, 32 random bytes base64url) and `km.started` (JSON: start time, the
 * process start ticks on Linux, a nonce, host and version). Each is written
 * atomically by the server once it has bound its port; `km.pid` goes last, so
 * its presence means the set is complete.
 *
 * Reading validates every file strictly. The validation is hand-written on
 * purpose: `status` runs this on every call and its cold start is budgeted,
 * and importing zod alone costs more than the whole command may take. The
 * files are single scalars plus one flat JSON object, so the checks below are
 * complete.
 * @module
 */

import { basename, join } from "../../core/light_path.ts"; // not node:path: see light_path.ts
import { namesIn } from "../../core/fs/names_in.ts";
import { importModule } from "../../core/lazy_import.ts";
import type { ProjectPaths } from "../../core/paths.ts";

/** The state one running KM leaves behind. */
export interface KmState {
  port: number;
  pid: number;
  token: string;
  started: KmStarted;
}

/** Contents of `km.started`. */
export interface KmStarted {
  /** Milliseconds since the epoch when the server started listening. */
  startedAt: number;
  /** `/proc/<pid>/stat` start time (Linux), to detect pid reuse. */
  startTicks?: string;
  /** Random per-start value, for platforms without `/proc`. */
  nonce: string;
  host: string;
  version: string;
}

/** Paths of the KM state files of a project. */
export interface KmStatePaths {
  port: string;
  pid: string;
  token: string;
  started: string;
  /** Per-project lock held by `start`/`stop`. */
  lock: string;
  /** The server's log (stdout and stderr). */
  log: string;
}

/** Where a project's KM state files live. */
export function kmStatePaths(paths: ProjectPaths): KmStatePaths {
  return {
    port: join(paths.state, "km.port"),
    pid: join(paths.state, "km.pid"),
    token: join(paths.state, "km.token"),
    started: join(paths.state, "km.started"),
    lock: join(paths.state, "locks", "km.lock"),
    log: join(paths.logs, "km_server.log"),
  };
}

/** What reading the state files found. */
export type KmStateRead =
  | { kind: "absent" }
  | { kind: "complete"; state: KmState }
  | { kind: "invalid"; problems: string[]; port?: number; pid?: number };

/** A fresh bearer token: 32 random bytes, base64url without padding. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The public id of a KM instance: the first 16 hex digits of SHA-256 of its
 * token. `/health` returns it, so a client holding the token can tell its KM
 * from anything else on the port without the token ever crossing the wire.
 */
export async function instanceIdOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Writes all four state files atomically, `km.pid` last.
 *
 * @example
 * ```ts
 * await writeKmState(paths, { port, pid: Deno.pid, token: newToken(), started });
 * ```
 */
export async function writeKmState(paths: ProjectPaths, state: KmState): Promise<void> {
  // Loaded here, not at the top: `status` reads the state files and must start fast.
  const { writeFileAtomic } = await importModule<typeof import("../../core/atomic_file.ts")>(
    new URL("../../core/atomic_file.ts", import.meta.url),
  );
  const files = kmStatePaths(paths);
  // The first three in parallel (each fsyncs twice, and `start` waits on this); the pid last,
  // so a reader that sees km.pid sees the rest.
  await Promise.all([
    writeFileAtomic(files.token, state.token + "\n", { mode: 0o600 }),
    writeFileAtomic(files.started, JSON.stringify(state.started) + "\n"),
    writeFileAtomic(files.port, `${state.port}\n`),
  ]);
  await writeFileAtomic(files.pid, `${state.pid}\n`);
}

/** Removes every KM state file that exists. */
export async function removeKmState(paths: ProjectPaths): Promise<void> {
  const files = kmStatePaths(paths);
  for (const path of [files.pid, files.port, files.token, files.started]) {
    try {
      await Deno.remove(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // already gone is the goal
    }
  }
}

/** Reads and validates the state files. */
export function readKmState(paths: ProjectPaths): Promise<KmStateRead> {
  // The reads are sync (see readOptional); the promise keeps the interface of async callers.
  try {
    return Promise.resolve(readKmStateNow(paths));
  } catch (error) {
    return Promise.reject(error);
  }
}

function readKmStateNow(paths: ProjectPaths): KmStateRead {
  const files = kmStatePaths(paths);
  const present = namesIn(paths.state); // one listing instead of a NotFound per missing file
  const [portText, pidText, token, startedText] = [
    files.port,
    files.pid,
    files.token,
    files.started,
  ].map((path) => present.has(basename(path)) ? readOptional(path) : undefined);
  if ([portText, pidText, token, startedText].every((text) => text === undefined)) {
    return { kind: "absent" };
  }
  const problems: string[] = [];
  const port = parseInteger(portText, "km.port", 1, 65535, problems);
  const pid = parseInteger(pidText, "km.pid", 1, 2 ** 31 - 1, problems);
  if (token === undefined) problems.push("km.token is missing");
  else if (!/^[A-Za-z0-9_-]{43}$/.test(token.trim())) problems.push("km.token is malformed");
  const started = parseStarted(startedText, problems);
  if (problems.length || port === undefined || pid === undefined || !started || !token) {
    return { kind: "invalid", problems, port, pid };
  }
  return { kind: "complete", state: { port, pid, token: token.trim(), started } };
}

function readOptional(path: string): string | undefined {
  try {
    // Sync on purpose: tiny files, and `status` avoids starting the blocking pool.
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // absence is a valid state
    throw error;
  }
}

function parseInteger(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (text === undefined) {
    problems.push(`${name} is missing`);
    return undefined;
  }
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max) {
    problems.push(`${name} is not an integer in ${min}-${max}: ${JSON.stringify(trimmed)}`);
    return undefined;
  }
  return value;
}

function parseStarted(text: string | undefined, problems: string[]): KmStarted | undefined {
  if (text === undefined) {
    problems.push("km.started is missing");
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push(`km.started is not JSON: ${(error as Error).message}`);
    return undefined;
  }
  const value = raw as Record<string, unknown>;
  const ok = raw !== null && typeof raw === "object" && !Array.isArray(raw) &&
    Number.isFinite(value.startedAt) && typeof value.nonce === "string" &&
    typeof value.host === "string" && typeof value.version === "string" &&
    (value.startTicks === undefined || typeof value.startTicks === "string");
  if (!ok) {
    problems.push("km.started lacks startedAt, nonce, host or version");
    return undefined;
  }
  return {
    startedAt: value.startedAt as number,
    ...(value.startTicks === undefined ? {} : { startTicks: value.startTicks as string }),
    nonce: value.nonce as string,
    host: value.host as string,
    version: value.version as string,
  };
}
