/**
 * The first steps of a KM process, done before anything heavy loads (no zod,
 * no database): refuse if another KM serves the project, bind the port and
 * write the state files. `km serve --port --host` (what `start` spawns) runs
 * this before it even reads the configuration; the server announces the KM
 * (`/health` answers) once its store is open, so `start` never reports a KM
 * that is about to die.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { VERSION } from "../../core/version.ts";
import { remoteHostNames } from "./bind_policy.ts";
import { inspectKm } from "./inspect.ts";
import { type KmListener, listenKm } from "./listener.ts";
import { processStartTicks } from "./process_info.ts";
import { instanceIdOf, kmStatePaths, newToken, removeKmState, writeKmState } from "./state.ts";

/** A bound KM whose store and app are not open yet. */
export interface ClaimedKm {
  listener: KmListener;
  token: string;
  instance: string;
  startedAt: number;
  /** Bound to a non-loopback address (with the user's opt-in): reads need the token too. */
  remote: boolean;
  /** Starts answering `/health` (call once the store is open). */
  announce(): void;
  /**
   * Fails waiting requests with `cause` (503), closes the port and removes
   * the state files (when opening the rest failed).
   */
  release(cause: Error): Promise<void>;
}

/**
 * Claims `host:port` for the project's KM.
 *
 * @example
 * ```ts
 * const claimed = await claimKm(ctx, paths, "127.0.0.1", 5001);
 * claimed.announce();
 * claimed.listener.ready(app.handle);
 * ```
 */
export async function claimKm(
  ctx: Context,
  paths: ProjectPaths,
  host: string,
  port: number,
  options: { remote?: boolean } = {},
): Promise<ClaimedKm> {
  const remote = options.remote ?? false;
  const existing = await inspectKm(paths, { healthTimeoutMs: 300 });
  if (existing.status === "running" && existing.pid !== Deno.pid) {
    throw new SuperAgentsError(
      "KM_ALREADY_RUNNING",
      `a KM already serves ${paths.root} (pid ${existing.pid}, port ${existing.port})`,
      { hint: "use `super-agents status`, or `super-agents stop` first" },
    );
  }
  const listener = listenKm(host, port, { allowedHosts: remote ? remoteHostNames(host) : [] });
  const token = newToken();
  const startedAt = ctx.now();
  const instance = await instanceIdOf(token);
  try {
    await writeKmState(paths, {
      port,
      pid: Deno.pid,
      token,
      started: {
        startedAt,
        startTicks: processStartTicks(Deno.pid),
        nonce: crypto.randomUUID(),
        host,
        version: VERSION,
      },
    });
  } catch (error) {
    listener.fail(error instanceof Error ? error : new Error(String(error)));
    await listener.server.shutdown();
    throw error;
  }
  const announce = () =>
    listener.announce({ instance, pid: Deno.pid, port, version: VERSION, startedAt });
  const release = async (cause: Error) => {
    listener.fail(cause);
    await listener.server.shutdown();
    await removeOwnKmState(paths);
  };
  return { listener, token, instance, startedAt, remote, announce, release };
}

/** Removes the state files unless another KM has replaced them meanwhile. */
export async function removeOwnKmState(paths: ProjectPaths): Promise<void> {
  let pidText: string;
  try {
    pidText = await Deno.readTextFile(kmStatePaths(paths).pid);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return; // `stop` already removed them
    throw error;
  }
  if (Number(pidText.trim()) === Deno.pid) await removeKmState(paths);
}
