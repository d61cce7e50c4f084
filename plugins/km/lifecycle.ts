/**
 * Starting and stopping a project's KM. `start` refuses a non-loopback
 * address without the user's opt-in (`bind_policy.ts`) and holds the
 * per-project lock (`.claude/state/km.lock`), so a concurrent second `start`
 * waits and then finds the first one's KM running. It cleans stale state,
 * allocates a port (the previous one when free), spawns `km serve` detached,
 * and returns as soon as `/health` answers with the new process's pid (the
 * KM answers only once its store is open) — polling with bounded exponential
 * backoff (5 ms doubling to 25 ms) and a per-request timeout, never a fixed
 * sleep. A KM that exits first fails `start` with the cause from its log.
 * `stop` sends SIGTERM, waits, escalates to SIGKILL, and removes the state
 * files.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { withFileLock } from "../../core/file_lock.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { fetchHealth, type HealthBody, kmUrl } from "../../core/km_client/health_probe.ts";
import { inspectKm, type KmInspection } from "./inspect.ts";
import { allowRemoteFromEnv, checkKmBind, type KmBind } from "./bind_policy.ts";
import { allocatePort, rememberedPort } from "./ports.ts";
import { failureCause } from "./log_cause.ts";
import { isProcessAlive } from "./process_info.ts";
import { EXIT_PORT_IN_USE, KM_PROCESS_ENV, kmServeArgv, spawnDetached } from "./spawn.ts";
import { kmStatePaths, removeKmState } from "./state.ts";
import { fileSize } from "../../core/fs/file_size.ts";

/** A running KM as `start` reports it. */
export interface KmInfo {
  url: string;
  port: number;
  pid: number;
  /** True when `start` found a KM already running instead of starting one. */
  alreadyRunning: boolean;
}

/** Options of {@linkcode startKm}. */
export interface StartOptions {
  /** Address to bind (default km.host). */
  host?: string;
  /** The user allows a non-loopback address (default: `SUPER_AGENTS_KM_ALLOW_REMOTE`). */
  allowRemote?: boolean;
  /** Where the address came from, for the refusal (default `km.host`, or `--host`). */
  hostOrigin?: string;
}

/**
 * The address `startKm` binds; throws `KM_REMOTE_NOT_ALLOWED` for a
 * non-loopback one without the user's opt-in (`restart` checks before it
 * stops the running KM).
 *
 * @example
 * ```ts
 * const { host, remote } = startBind(ctx, config, { host: "0.0.0.0", allowRemote: true });
 * ```
 */
export function startBind(
  ctx: Pick<Context, "env">,
  config: Config,
  options: StartOptions = {},
): KmBind {
  return checkKmBind(options.host ?? config.km.host, {
    allowRemote: options.allowRemote ?? allowRemoteFromEnv(ctx.env),
    origin: options.hostOrigin ?? (options.host === undefined ? "km.host" : "--host"),
  });
}

/**
 * Starts the project's KM unless one is running.
 *
 * @example
 * ```ts
 * const info = await startKm(ctx, paths, config);
 * console.log(`KM on ${info.url} (pid ${info.pid})`);
 * ```
 */
export function startKm(
  ctx: Context,
  paths: ProjectPaths,
  config: Config,
  options: StartOptions = {},
): Promise<KmInfo> {
  const files = kmStatePaths(paths);
  const { host, remote } = startBind(ctx, config, options);
  return withFileLock(files.lock, async () => {
    const current = await inspectKm(paths);
    if (current.status === "running") {
      return {
        url: kmUrl(host, current.port!),
        port: current.port!,
        pid: current.pid!,
        alreadyRunning: true,
      };
    }
    if (current.status === "unhealthy") await terminate(current.pid!, config.km.stopTimeoutMs);
    if (current.status !== "stopped") await removeKmState(paths);
    await Deno.mkdir(paths.logs, { recursive: true });
    await rotateLog(files.log, config.km.logMaxBytes);
    const exclude: number[] = [];
    let preferred = current.port ?? await rememberedPort(ctx, paths.root);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await allocatePort(ctx, {
        root: paths.root,
        host,
        min: config.km.portMin,
        max: config.km.portMax,
        preferred,
        exclude,
      });
      const argv = kmServeArgv(paths.root, port, host, remote);
      const logStart = await fileSize(files.log);
      const child = spawnDetached(argv, files.log, paths.root, { ...KM_PROCESS_ENV });
      const outcome = await waitHealthy(host, port, child, config.km.startTimeoutMs);
      if (outcome.health) {
        child.unref();
        return {
          url: kmUrl(host, port),
          port,
          pid: outcome.health.pid,
          alreadyRunning: false,
        };
      }
      if (outcome.exitCode !== EXIT_PORT_IN_USE) {
        if (outcome.exitCode === undefined) await terminate(child.pid, config.km.stopTimeoutMs);
        throw await startFailure(files.log, logStart, outcome.exitCode, config.km.startTimeoutMs);
      }
      exclude.push(port); // another program bound it between our probe and the KM's bind
      preferred = undefined;
    }
    throw new SuperAgentsError(
      "KM_START_FAILED",
      "the KM lost its port to another program three times",
      {
        hint: "another program is grabbing ports in the KM range; choose a quieter range with " +
          "`super-agents config set km.portMin <n>`",
      },
    );
  });
}

/** What `stop` did. */
export interface StopResult {
  /** The verdict before stopping. */
  was: KmInspection["status"];
  pid?: number;
  /** SIGKILL was needed. */
  killed: boolean;
}

/**
 * Stops the project's KM and removes its state files. A pid that now belongs
 * to an unrelated process is never signalled.
 */
export function stopKm(paths: ProjectPaths, config: Config): Promise<StopResult> {
  return withFileLock(kmStatePaths(paths).lock, async () => {
    const current = await inspectKm(paths);
    let killed = false;
    if (current.status === "running" || current.status === "unhealthy") {
      killed = await terminate(current.pid!, config.km.stopTimeoutMs);
    }
    await removeKmState(paths);
    return { was: current.status, pid: current.pid, killed };
  });
}

/**
 * SIGTERM, wait up to `timeoutMs` for exit, then SIGKILL. Returns whether
 * SIGKILL was needed.
 */
export async function terminate(pid: number, timeoutMs: number): Promise<boolean> {
  if (!signal(pid, "SIGTERM")) return false;
  if (await waitForExit(pid, timeoutMs)) return false;
  signal(pid, "SIGKILL");
  if (!await waitForExit(pid, 5_000)) {
    throw new SuperAgentsError("KM_STOP_FAILED", `process ${pid} survived SIGKILL`, {
      hint: `check it with \`ps -p ${pid}\`; it may be stuck in the kernel (D state)`,
    });
  }
  return true;
}

function signal(pid: number, name: Deno.Signal): boolean {
  try {
    Deno.kill(pid, name);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false; // already gone
    throw error;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5;; delay = Math.min(delay * 2, 100)) {
    if (!isProcessAlive(pid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Polls `/health` until the child answers with its own pid, the child exits,
 * or the deadline passes.
 */
async function waitHealthy(
  host: string,
  port: number,
  child: Deno.ChildProcess,
  timeoutMs: number,
): Promise<{ health?: HealthBody; exitCode?: number }> {
  let exitCode: number | undefined;
  child.status.then((status) => exitCode = status.code);
  const deadline = Date.now() + timeoutMs;
  // Capped at 25 ms: a refused connection costs ~1 ms, and a longer gap is pure added latency.
  for (let delay = 5;; delay = Math.min(delay * 2, 25)) {
    const remaining = deadline - Date.now();
    const health = await fetchHealth(host, port, Math.max(50, Math.min(500, remaining)));
    if (health && health.pid === child.pid) return { health };
    if (exitCode !== undefined) return { exitCode };
    if (Date.now() + delay >= deadline) return {};
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function rotateLog(path: string, maxBytes: number): Promise<void> {
  try {
    if ((await Deno.stat(path)).size <= maxBytes) return;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return; // no log yet
    throw error;
  }
  await Deno.rename(path, `${path}.1`);
}

async function startFailure(
  log: string,
  logStart: number,
  exitCode: number | undefined,
  timeoutMs: number,
): Promise<SuperAgentsError> {
  const what = exitCode === undefined
    ? `the KM did not answer /health within ${timeoutMs} ms`
    : `the KM exited with code ${exitCode} while starting`;
  const cause = await failureCause(log, logStart);
  return new SuperAgentsError("KM_START_FAILED", `${what}: ${cause ?? "its log says nothing"}`, {
    hint: `see ${log} (\`super-agents logs -n 50\`)`,
    details: { exitCode, log },
  });
}
