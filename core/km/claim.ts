/**
 * The first steps of a KM process, done before anything heavy loads (no zod,
 * no database): refuse if another KM serves the project, bind the port, write
 * the state files and start answering `/health`. `km serve --port --host`
 * (what `start` spawns) runs this before it even reads the configuration, so
 * `start` returns while the store and the API are still opening.
 * @module
 */

import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { VERSION } from "../version.ts";
import { inspectKm } from "./inspect.ts";
import { type KmListener, listenKm } from "./listener.ts";
import { processStartTicks } from "./process_info.ts";
import { instanceIdOf, kmStatePaths, newToken, removeKmState, writeKmState } from "./state.ts";

/** A bound, announced KM whose app is not open yet. */
export interface ClaimedKm {
  listener: KmListener;
  token: string;
  instance: string;
  startedAt: number;
  /** Closes the port and removes the state files (when opening the rest failed). */
  release(): Promise<void>;
}

/**
 * Claims `host:port` for the project's KM.
 *
 * @example
 * ```ts
 * const claimed = await claimKm(ctx, paths, "127.0.0.1", 5001);
 * claimed.listener.ready(app.handle);
 * ```
 */
export async function claimKm(
  ctx: Context,
  paths: ProjectPaths,
  host: string,
  port: number,
): Promise<ClaimedKm> {
  const existing = await inspectKm(paths, { healthTimeoutMs: 300 });
  if (existing.status === "running" && existing.pid !== Deno.pid) {
    throw new SuperAgentsError(
      "KM_ALREADY_RUNNING",
      `a KM already serves ${paths.root} (pid ${existing.pid}, port ${existing.port})`,
      { hint: "use `super-agents status`, or `super-agents stop` first" },
    );
  }
  const listener = listenKm(host, port);
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
    await listener.server.shutdown();
    throw error;
  }
  listener.announce({ instance, pid: Deno.pid, port, version: VERSION, startedAt });
  const release = async () => {
    await listener.server.shutdown();
    await removeOwnKmState(paths);
  };
  return { listener, token, instance, startedAt, release };
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
