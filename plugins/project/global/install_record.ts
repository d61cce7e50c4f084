/**
 * The install record `~/.super-agents-config`: which version is installed,
 * where its launcher is, where the program and its templates come from, and
 * which Deno runs it. Written by `deno task install`; read back through zod
 * so a damaged record gives a clear error instead of odd behaviour.
 * @module
 */

import { writeJsonAtomic } from "../../../core/atomic_file.ts";
import { z } from "../../../core/deps.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

/** The install record's schema. */
export const InstallRecordSchema = z.object({
  /** super-agents version installed. */
  version: z.string().min(1),
  /** Absolute path of the `super-agents` launcher. */
  installPath: z.string().min(1),
  /** URL of the `main.ts` the launcher runs (a `file:` or `https:` URL). */
  source: z.string().min(1),
  /** URL of the templates directory (embedded in the module graph of `source`). */
  templateSource: z.string().min(1),
  /** Deno binary the launcher calls (`deno` means "from PATH"). */
  deno: z.string().min(1),
  /** ISO time of the install. */
  installedAt: z.string(),
});

/** A validated install record. */
export type InstallRecord = z.infer<typeof InstallRecordSchema>;

/**
 * Reads the install record at `path`; `undefined` when there is none.
 *
 * @example
 * ```ts
 * const record = await readInstallRecord(globalPaths(ctx).config);
 * console.log(record?.installPath); // /home/me/.local/bin/super-agents
 * ```
 */
export async function readInstallRecord(path: string): Promise<InstallRecord | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new SuperAgentsError("INSTALL_RECORD_UNREADABLE", `cannot read ${path}: ${error}`, {
      hint: "check the file's permissions",
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `is not valid JSON (${(error as Error).message})`);
  }
  const result = InstallRecordSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(path, `key "${issue.path.join(".") || "(root)"}": ${issue.message}`);
  }
  return result.data;
}

function invalid(path: string, problem: string): SuperAgentsError {
  return new SuperAgentsError("INSTALL_RECORD_INVALID", `${path} ${problem}`, {
    hint: "rerun `deno task install` (or scripts/install.sh) to rewrite it",
    details: { file: path },
  });
}

/** Validates and writes the install record atomically. */
export function writeInstallRecord(path: string, record: InstallRecord): Promise<void> {
  return writeJsonAtomic(path, InstallRecordSchema.parse(record));
}
