/**
 * Test support: the process table (Linux `/proc`) as seen from a project —
 * every live process whose working directory is inside the project or whose
 * command line names it. `stop` must leave this list empty.
 * @module
 */

/** A live process that belongs to a project. */
export interface ProjectProcess {
  pid: number;
  cwd: string;
  cmdline: string;
}

function readOrUndefined(read: () => string): string | undefined {
  try {
    return read();
  } catch (error) {
    // The process ended while we read it, or it is not ours to inspect.
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Live (not zombie) processes whose cwd is `project` (or below) or whose
 * command line mentions it; empty on systems without `/proc`.
 *
 * @example
 * ```ts
 * assert.deepEqual(await projectProcesses(sandbox.project), []);
 * ```
 */
export async function projectProcesses(project: string): Promise<ProjectProcess[]> {
  const found: ProjectProcess[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc")];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return found;
    throw error;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    if (pid === Deno.pid) continue;
    const stat = readOrUndefined(() => Deno.readTextFileSync(`/proc/${pid}/stat`));
    if (stat === undefined || /\) [ZX] /.test(stat)) continue;
    const cwd = readOrUndefined(() => Deno.readLinkSync(`/proc/${pid}/cwd`)) ?? "";
    const cmdline = (readOrUndefined(() => Deno.readTextFileSync(`/proc/${pid}/cmdline`)) ?? "")
      .replaceAll("\0", " ").trim();
    const inside = cwd === project || cwd.startsWith(`${project}/`);
    if (inside || cmdline.includes(project)) found.push({ pid, cwd, cmdline });
  }
  await Promise.resolve();
  return found;
}
