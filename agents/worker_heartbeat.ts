/**
 * The supervised worker's heartbeat: a worker started by the supervisor is
 * given a file in {@linkcode WORKER_HEARTBEAT_ENV}, and writes its pid and
 * the time there from its claim loop (at most once per interval), so
 * `status` and the dashboard can tell a worker that claims from one that is
 * alive but stuck. One write and rename per beat, without fsync: a beat
 * lost to a power cut matters to no one, and an idle worker must not sync
 * the disk every few seconds (a torn file reads as "no beat"). A worker
 * without the variable (run by hand) writes nothing.
 * @module
 */

import { basename, dirname, join } from "../core/light_path.ts";

/** Environment variable naming the heartbeat file of a supervised worker. */
export const WORKER_HEARTBEAT_ENV = "SUPER_AGENTS_WORKER_HEARTBEAT";

/** A heartbeat as written: the worker's pid and the time (ms since the epoch). */
export interface WorkerHeartbeat {
  pid: number;
  at: number;
}

/**
 * `beforeClaim` wrapped so that it also beats, at most every `everyMs`; a
 * beat that cannot be written rejects after the wrapped step has run (the
 * claim loop reports it and carries on).
 *
 * @example
 * ```ts
 * const beforeClaim = withHeartbeat(services.beforeClaim, file, Date.now);
 * ```
 */
export function withHeartbeat(
  beforeClaim: () => Promise<void>,
  file: string,
  now: () => number,
  everyMs = 2_000,
): () => Promise<void> {
  let last = -Infinity;
  return async () => {
    // The wrapped step first: a beat that cannot be written must not hold up pending triggers.
    await beforeClaim();
    const at = now();
    if (at - last >= everyMs) {
      last = at;
      const beat: WorkerHeartbeat = { pid: Deno.pid, at };
      const temp = join(dirname(file), `.${basename(file)}.${Deno.pid}.tmp`);
      await Deno.writeTextFile(temp, JSON.stringify(beat) + "\n");
      await Deno.rename(temp, file).catch(async (error) => {
        await Deno.remove(temp).catch(
          () => {/* best effort; the rename error is the one to report */},
        );
        throw error;
      });
    }
  };
}
