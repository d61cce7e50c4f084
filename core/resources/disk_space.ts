/**
 * The disk-space guard. Deno has no `statfs`, so free space comes from
 * `df -Pk <dir>` (POSIX output, 1024-byte blocks), parsed and cached for a
 * few seconds per directory. {@linkcode ensureDiskSpace} is called before
 * writing big things (workspaces, archives) and fails with a clear error
 * that names the clean-up command instead of filling the disk.
 * @module
 */

import { dirname, resolve } from "node:path";
import { SuperAgentsError } from "../errors.ts";

/** Space on the file system holding a directory. */
export interface DiskUsage {
  filesystem: string;
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  /** Used share as df reports it (0-100). */
  capacityPercent: number;
  mountedOn: string;
}

const LINE = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.+)$/;

/**
 * Parses the output of `df -Pk <dir>` (header, then one line).
 *
 * @example
 * ```ts
 * parseDfOutput(
 *   "Filesystem 1024-blocks Used Available Capacity Mounted on\n" +
 *     "/dev/vda 1000 250 750 25% /\n",
 * ).availableBytes; // 768000
 * ```
 */
export function parseDfOutput(text: string): DiskUsage {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  // Some df versions wrap a long file-system name onto its own line.
  const body = lines.slice(1).join(" ").replace(/\s+/g, " ").trim();
  const match = LINE.exec(body);
  if (!lines[0]?.startsWith("Filesystem") || !match) {
    throw new SuperAgentsError(
      "DF_UNPARSABLE",
      `cannot read the output of df: ${text.slice(0, 200)}`,
      {
        hint: "check that `df -Pk .` works on this system",
      },
    );
  }
  const kib = (value: string) => Number(value) * 1024;
  return {
    filesystem: match[1],
    totalBytes: kib(match[2]),
    usedBytes: kib(match[3]),
    availableBytes: kib(match[4]),
    capacityPercent: Number(match[5]),
    mountedOn: match[6],
  };
}

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; usage: DiskUsage }>();

/** The nearest existing directory at or above `dir` (df needs an existing path). */
async function existingAncestor(dir: string): Promise<string> {
  let current = resolve(dir);
  while (true) {
    try {
      await Deno.stat(current);
      return current;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Disk usage of the file system holding `dir` (cached for 5 s).
 *
 * @example
 * ```ts
 * const { availableBytes } = await diskUsage(paths.workspaces);
 * ```
 */
export async function diskUsage(dir: string, now: () => number = Date.now): Promise<DiskUsage> {
  const target = await existingAncestor(dir);
  const hit = cache.get(target);
  if (hit && now() - hit.at < CACHE_MS) return hit.usage;
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("df", {
      args: ["-Pk", target],
      stdout: "piped",
      stderr: "piped",
      env: { LC_ALL: "C" },
    }).output();
  } catch (error) {
    throw new SuperAgentsError("DF_FAILED", `cannot run df: ${error}`, {
      hint: "install coreutils (df) or put it on PATH",
      cause: error,
    });
  }
  if (!output.success) {
    throw new SuperAgentsError(
      "DF_FAILED",
      `df -Pk ${target} failed: ${new TextDecoder().decode(output.stderr).trim()}`,
      { hint: "check that the directory is readable" },
    );
  }
  const usage = parseDfOutput(new TextDecoder().decode(output.stdout));
  cache.set(target, { at: now(), usage });
  return usage;
}

/** Options of {@linkcode ensureDiskSpace}. */
export interface DiskGuardOptions {
  /** Bytes about to be written (default 0). */
  needBytes?: number;
  /** Free space that must remain afterwards (default 256 MiB). */
  minFreeBytes?: number;
  /** What is being written, for the message. */
  what?: string;
  now?: () => number;
}

/** Default free space kept: below it, big writes are refused. */
export const DEFAULT_MIN_FREE_BYTES = 256 * 1024 * 1024;

/**
 * Throws `DISK_SPACE_LOW` when writing `needBytes` under `dir` would leave
 * less than `minFreeBytes` free.
 *
 * @example
 * ```ts
 * await ensureDiskSpace(paths.workspaces, { needBytes: 50e6, what: "a workspace" });
 * ```
 */
export async function ensureDiskSpace(
  dir: string,
  options: DiskGuardOptions = {},
): Promise<DiskUsage> {
  const usage = await diskUsage(dir, options.now);
  const need = options.needBytes ?? 0;
  const minFree = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  if (usage.availableBytes - need < minFree) {
    throw new SuperAgentsError(
      "DISK_SPACE_LOW",
      `not enough disk space for ${options.what ?? "this write"} in ${dir}: ` +
        `${formatBytes(usage.availableBytes)} free on ${usage.mountedOn}, ` +
        `${formatBytes(need + minFree)} wanted`,
      {
        hint: "free space: `super-agents clean` removes old agent workspaces; " +
          "`super-agents doctor` shows what else is large",
        details: {
          dir,
          availableBytes: usage.availableBytes,
          needBytes: need,
          minFreeBytes: minFree,
        },
      },
    );
  }
  return usage;
}

/** Human-readable bytes (binary units). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
