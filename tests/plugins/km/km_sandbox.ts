/**
 * Test support for KM tests: a sandbox (temp HOME + project with `.claude/`)
 * whose KMs use a random high port range, extra project directories, and a
 * cleanup that kills every KM the test left running (leaked servers would
 * break other tests).
 * @module
 */

import { dirname, join } from "node:path";
import { createSandbox, type Sandbox } from "../../support/cli.ts";

/** A sandbox for KM tests. */
export interface KmSandbox extends Sandbox {
  portMin: number;
  portMax: number;
  /** Creates another project (with `.claude/`) next to the default one. */
  addProject(name: string): Promise<string>;
  /** Reads a project's `km.pid`, if any. */
  pidOf(root?: string): Promise<number | undefined>;
}

/**
 * Random free-ish range: tests never assume a fixed free port. Ranges lie
 * below 32768, where neither Linux (32768-60999) nor macOS (49152-65535)
 * hands out ephemeral ports, so the many loopback connections of tests
 * running in parallel never land in them.
 */
export function randomPortRange(width: number): { portMin: number; portMax: number } {
  const portMin = 20000 + Math.floor(Math.random() * (12768 - width));
  return { portMin, portMax: portMin + width - 1 };
}

/**
 * A random range whose every port could be bound when it was chosen, for
 * tests that need the whole range (another test's KM may hold a port).
 */
export function freePortRange(width: number): { portMin: number; portMax: number } {
  for (;;) {
    const range = randomPortRange(width);
    if (everyPortBinds(range.portMin, range.portMax)) return range;
  }
}

function everyPortBinds(min: number, max: number): boolean {
  for (let port = min; port <= max; port++) {
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse) return false;
      throw error;
    }
  }
  return true;
}

/**
 * Creates the sandbox.
 *
 * @example
 * ```ts
 * const box = await kmSandbox();
 * try { await box.run(["start"]); } finally { await box.cleanup(); }
 * ```
 */
export async function kmSandbox(width = 200): Promise<KmSandbox> {
  const sandbox = await createSandbox();
  const { portMin, portMax } = randomPortRange(width);
  Object.assign(sandbox.env, {
    SUPER_AGENTS_PORT_MIN: String(portMin),
    SUPER_AGENTS_PORT_MAX: String(portMax),
  });
  await Deno.mkdir(join(sandbox.project, ".claude"), { recursive: true });
  const roots = [sandbox.project];
  const pidOf = async (root = sandbox.project) => {
    try {
      return Number((await Deno.readTextFile(join(root, ".claude/state/km.pid"))).trim());
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  };
  return {
    ...sandbox,
    portMin,
    portMax,
    async addProject(name) {
      const root = join(dirname(sandbox.home), name);
      await Deno.mkdir(join(root, ".claude"), { recursive: true });
      roots.push(root);
      return root;
    },
    pidOf,
    async cleanup() {
      for (const root of roots) {
        const pid = await pidOf(root);
        if (pid) killQuietly(pid);
      }
      for (const pid of serverPidsUnder(dirname(sandbox.home))) killQuietly(pid);
      await sandbox.cleanup();
    },
  };
}

/** Pids of `km serve` processes whose command line mentions `dir`. */
export function serverPidsUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let cmdline: string;
    try {
      cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
    } catch {
      continue; // the process exited while we looked
    }
    if (cmdline.includes(" km serve ") && cmdline.includes(dir)) pids.push(Number(entry.name));
  }
  return pids;
}

function killQuietly(pid: number): void {
  try {
    Deno.kill(pid, "SIGKILL");
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // already gone is fine
  }
}
