/**
 * The safe repair of a KM that is no longer running but left its state
 * files (a stale or dead pid): the verdict is taken again right before
 * acting, and only then are the state files and interrupted-write leftovers
 * removed. A running or unhealthy-but-alive KM is never touched.
 * @module
 */

import { join } from "node:path";
import { inspectKm } from "../km/inspect.ts";
import { removeKmState } from "../km/state.ts";
import type { DoctorEnv } from "./check.ts";

/**
 * Removes stale KM state; resolves with what it did.
 *
 * @example
 * ```ts
 * await repairKmState(env); // "removed the stale KM state files (process 4242 is gone)"
 * ```
 */
export async function repairKmState(env: DoctorEnv): Promise<string> {
  const paths = env.paths!;
  const done: string[] = [];
  const km = await inspectKm(paths);
  if (km.status === "stale" || km.status === "dead") {
    await removeKmState(paths);
    done.push(`removed the stale KM state files (${km.reason})`);
  }
  try {
    for await (const entry of Deno.readDir(paths.state)) {
      if (/^\.km\..*\.tmp$/.test(entry.name)) {
        await Deno.remove(join(paths.state, entry.name));
        done.push(`removed ${entry.name}`);
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // no state dir: nothing left over
  }
  return done.length ? done.join("; ") : `nothing to remove (the KM is ${km.status})`;
}
