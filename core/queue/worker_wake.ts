/**
 * Waking a project's idle workers when a job is queued, instead of waiting
 * for their next poll (`queue.pollMs`, 250 ms). Each worker process listens
 * on a Unix socket of its own in `.claude/state/wake/` (a hidden path: no
 * agent's sandbox reaches it); whoever enqueues connects to each socket
 * there and writes one byte, which ends the worker's idle sleep. A socket
 * left by a killed worker refuses the connection and is removed once it is
 * a few seconds old (a worker that has just bound it is spared). A wake
 * folder that is not a plain folder (a committed link) is not used. Best
 * effort by design: a wake that cannot be sent, or a project path too long
 * for a socket address, leaves the worker to its poll, as before.
 * @module
 */

import { join } from "../light_path.ts";

/** Where the sockets are, under the project's state directory. */
export const WAKE_DIR = "wake";

/** Linux's limit for a socket path is 108 bytes with the terminating NUL. */
const MAX_SOCKET_PATH = 107;

/** A refusing socket younger than this may belong to a worker still starting. */
const STALE_AFTER_MS = 5_000;

/** Whether `dir` is a plain folder (missing: made when `create`), never a link. */
function plainFolder(dir: string, create: boolean): boolean {
  try {
    return Deno.lstatSync(dir).isDirectory;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound) || !create) return false;
    Deno.mkdirSync(dir, { recursive: true });
    return Deno.lstatSync(dir).isDirectory;
  }
}

/** A listening worker's socket. */
export interface WakeListener {
  readonly path: string;
  close(): void;
}

/**
 * Listens for wakes in `stateDir`; `onWake` runs for each. `undefined`
 * where no socket can be made (a path too long, a read-only state dir).
 *
 * @example
 * ```ts
 * const listener = listenForWakes(paths.state, () => runner.nudge());
 * // ...
 * listener?.close();
 * ```
 */
export function listenForWakes(stateDir: string, onWake: () => void): WakeListener | undefined {
  const dir = join(stateDir, WAKE_DIR);
  const path = join(dir, `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.sock`);
  if (new TextEncoder().encode(path).length > MAX_SOCKET_PATH) return undefined;
  let listener: Deno.Listener;
  try {
    if (!plainFolder(dir, true)) return undefined;
    listener = Deno.listen({ transport: "unix", path });
  } catch {
    return undefined;
  }
  (async () => {
    try {
      for await (const connection of listener) {
        connection.close(); // the connection is the message
        onWake();
      }
    } catch {
      // closed
    }
  })();
  return {
    path,
    close() {
      try {
        listener.close();
      } catch {
        // already closed
      }
      try {
        Deno.removeSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Wakes every worker listening in `stateDir` (one short connection each);
 * removes the sockets of workers that are gone. Never throws.
 *
 * @example
 * ```ts
 * await wakeWorkers(paths.state); // after a commit that queued jobs
 * ```
 */
export async function wakeWorkers(stateDir: string): Promise<void> {
  const dir = join(stateDir, WAKE_DIR);
  let names: string[];
  try {
    if (!plainFolder(dir, false)) return; // no worker ever listened here, or not ours
    names = [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".sock")).map((e) => e.name);
  } catch {
    return;
  }
  await Promise.all(names.map(async (name) => {
    const path = join(dir, name);
    try {
      const connection = await Deno.connect({ transport: "unix", path });
      connection.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.ConnectionRefused)) return;
      const info = await Deno.lstat(path).catch(() => undefined);
      const age = info?.mtime ? Date.now() - info.mtime.getTime() : 0;
      if (info?.isSocket && age > STALE_AFTER_MS) {
        await Deno.remove(path).catch(() => {}); // its worker is gone
      }
    }
  }));
}
