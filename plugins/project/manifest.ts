/**
 * The project manifest `.claude/manifest.json`: every directory `init`
 * created and every file it created, merged into or replaced, with the file's
 * sha256 as we left it, the hash of our part (for three-way upgrades) and
 * where the original was backed up. `uninstall` removes exactly this and
 * `upgrade` compares against it. Read back through zod, paths checked so a
 * tampered manifest cannot point outside the project.
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { z } from "../../core/deps.ts";
import { isRelativeInside } from "../../core/safe_path.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";

/** Current manifest format. */
export const MANIFEST_VERSION = 1;

const relativePath = z.string().min(1).refine(isRelativeInside, {
  message: "must be a path inside the project",
});
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest");

/** One file the manifest tracks. */
export const ManifestFileSchema = z.object({
  path: relativePath,
  /** created: ours entirely; merged: our part inside a user file; replaced: `--force` over a user file. */
  kind: z.enum(["created", "merged", "replaced"]),
  /** The whole file as we last wrote it. */
  sha256,
  /** Our part as we last wrote it (the whole template for created/replaced files). */
  templateSha256: sha256,
  /** Backup of the file as it was before init (project-relative). */
  backup: relativePath.optional(),
  /** File mode of the original, restored with the backup. */
  mode: z.number().int().optional(),
  /**
   * Entries init added to a list the user shares (`permissions.allow` in
   * `.claude/settings.json`); `uninstall` removes exactly these.
   */
  addedEntries: z.array(z.string()).optional(),
});

/** The manifest file. */
export const ManifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  /** super-agents version that last wrote the manifest. */
  version: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Directories init created, parents first. */
  directories: z.array(relativePath),
  files: z.array(ManifestFileSchema),
});

/** A manifest entry for one file. */
export type ManifestFile = z.infer<typeof ManifestFileSchema>;
/** The whole manifest. */
export type Manifest = z.infer<typeof ManifestSchema>;

/** Hex sha256 of text or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Reads and validates the manifest; `undefined` when the project has none. */
export async function readManifest(paths: ProjectPaths): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(paths.manifest);
  } catch (error) {
    // A missing file, or a `.claude` that is not a directory (init reports that clash itself).
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw new SuperAgentsError("MANIFEST_UNREADABLE", `cannot read ${paths.manifest}: ${error}`, {
      hint: "check the permissions of .claude/",
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw manifestError(paths, `is not valid JSON (${(error as Error).message})`);
  }
  const result = ManifestSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw manifestError(paths, `key "${issue.path.join(".")}": ${issue.message}`);
  }
  return result.data;
}

function manifestError(paths: ProjectPaths, problem: string): SuperAgentsError {
  return new SuperAgentsError("MANIFEST_INVALID", `${paths.manifest} ${problem}`, {
    hint: "restore .claude/manifest.json from version control, or remove it and rerun " +
      "`super-agents init` (uninstall then cannot know what init created)",
  });
}

/** Writes the manifest atomically. */
export function writeManifest(paths: ProjectPaths, manifest: Manifest): Promise<void> {
  return writeJsonAtomic(paths.manifest, ManifestSchema.parse(manifest));
}

/** Absolute path of a manifest-relative path. */
export function resolveInProject(paths: ProjectPaths, relative: string): string {
  return join(paths.root, relative);
}

/** Hash of a file's bytes, or `undefined` when it does not exist. */
export async function fileSha256(path: string): Promise<string | undefined> {
  try {
    return sha256Hex(await Deno.readFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
