/**
 * What the operating system says about a process id: whether it is alive
 * (signal 0, zombies count as dead) and, on Linux, when it started (field 22 of
 * `/proc/<pid>/stat`, in clock ticks since boot). The start time lets a pid
 * file tell "our KM" from "an unrelated process that got the same pid".
 * @module
 */

/**
 * Whether `pid` names a live process. `EPERM` means alive but not ours to
 * signal; a zombie (exited, not yet reaped) counts as dead.
 *
 * @example
 * ```ts
 * if (!isProcessAlive(state.pid)) console.log("KM is dead");
 * ```
 */
export function isProcessAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence and permission without delivering anything.
    Deno.kill(pid, 0 as unknown as Deno.Signal);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false; // ESRCH
    if (error instanceof Deno.errors.PermissionDenied) return true; // EPERM: exists
    throw error;
  }
  return readProcStat(pid)?.state !== "Z";
}

/**
 * The start time of `pid` in clock ticks since boot (Linux), or `undefined`
 * where `/proc` is not available or the process is gone.
 */
export function processStartTicks(pid: number): string | undefined {
  return readProcStat(pid)?.startTicks;
}

/**
 * Whether reading `/proc/<pid>/...` failed because the process is gone: the
 * file vanished (NotFound) or the process exited while it was being read
 * (ESRCH, which Deno reports without a dedicated error class).
 */
function isGone(error: unknown): boolean {
  if (error instanceof Deno.errors.NotFound) return true;
  const code = (error as { code?: unknown }).code;
  return code === "ESRCH" || /no such process/i.test(String((error as Error)?.message));
}

interface ProcStat {
  state: string;
  startTicks: string;
}

function readProcStat(pid: number): ProcStat | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let text: string;
  try {
    text = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
  // The command name (field 2) is parenthesised and may contain spaces.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After the name: field 3 is state, field 22 is starttime → offsets 0 and 19.
  return { state: fields[0], startTicks: fields[19] };
}

/** Resident set size of `pid` in bytes (Linux `VmRSS`), or `undefined`. */
export function processRssBytes(pid: number): number | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let text: string;
  try {
    text = Deno.readTextFileSync(`/proc/${pid}/status`);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}
