/**
 * Files only their owner may read. Event logs, their archives and
 * quarantine, structured logs and state files can hold what a tool saw, so
 * they are created 0600 and their directories (`.claude/events`,
 * `.claude/logs`, `.claude/state`) 0700; a file or directory an older
 * version left readable by others is made private when a writer opens it.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import { dirname } from "../light_path.ts"; // not node:path: see light_path.ts

/** Mode of a private file: read and write for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Mode of a private directory. */
export const PRIVATE_DIR_MODE = 0o700;

/** `<root>/.claude/<state|events|logs>`, capturing the directory itself. */
const PRIVATE_DIR = /^(.*[\\/]\.claude[\\/](?:state|events|logs))(?:[\\/]|$)/;

/**
 * The private project directory (`.claude/state`, `.claude/events` or
 * `.claude/logs`) that holds `path`, or `undefined` when it is elsewhere.
 *
 * @example
 * ```ts
 * privateDirOf("/repo/.claude/state/km/port"); // "/repo/.claude/state"
 * privateDirOf("/repo/.claude/config.json"); // undefined
 * ```
 */
export function privateDirOf(path: string): string | undefined {
  return PRIVATE_DIR.exec(path)?.[1];
}

/**
 * Creates `dir` with mode 0700 (its parents with the default mode), or takes
 * every permission of group and others from an existing `dir`.
 *
 * @example
 * ```ts
 * ensurePrivateDirSync("/repo/.claude/events");
 * ```
 */
export function ensurePrivateDirSync(dir: string): void {
  let created: boolean;
  try {
    created = createDirSync(dir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    // Parents only now: a writer allowed to write in `dir` alone (a sandbox) never touches them.
    Deno.mkdirSync(dirname(dir), { recursive: true });
    created = createDirSync(dir);
  }
  if (created) return;
  const info = Deno.statSync(dir);
  if (!info.isDirectory) {
    throw new SuperAgentsError("PRIVATE_DIR_NOT_DIRECTORY", `${dir} is not a directory`, {
      hint: `move the file ${dir} away; super-agents keeps its private files in that directory`,
    });
  }
  restrictModeSync(dir, info, PRIVATE_DIR_MODE);
}

/**
 * Takes every permission of group and others from an existing file (0644
 * becomes 0600); `info` is its stat (a writer usually has it from the
 * descriptor it just opened).
 *
 * @example
 * ```ts
 * const file = Deno.openSync(path, { append: true, create: true, mode: PRIVATE_FILE_MODE });
 * makeFilePrivateSync(path, file.statSync());
 * ```
 */
export function makeFilePrivateSync(path: string, info: Deno.FileInfo): void {
  restrictModeSync(path, info, PRIVATE_FILE_MODE);
}

/** Creates `dir` as 0700; `false` when it already exists. */
function createDirSync(dir: string): boolean {
  try {
    Deno.mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    throw error;
  }
}

function restrictModeSync(path: string, info: Deno.FileInfo, mode: number): void {
  if (info.mode === null) return; // Windows has no modes
  if ((info.mode & 0o777 & ~mode) === 0) return; // nothing for group or others already
  try {
    Deno.chmodSync(path, mode);
  } catch (error) {
    // Another user's file in a shared project: only its owner can change the mode, and the
    // writer may still append to it; anything else is a real failure.
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
  }
}
