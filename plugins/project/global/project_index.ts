/**
 * The global project index `~/.super-agents/projects.json`: every project
 * `init` set up, so `list --all` finds them without scanning the disk.
 * Changes happen under a flock with an atomic write, so concurrent inits in
 * different projects never lose each other's entry. Entries whose `.claude/`
 * has vanished are pruned.
 * @module
 */

import { basename, join, resolve } from "node:path";
import { writeJsonAtomic } from "../../../core/atomic_file.ts";
import { z } from "../../../core/deps.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { withFileLock } from "../../../core/file_lock.ts";
import { readJsonFile } from "../../../core/fs/read_json_file.ts";
import type { GlobalPaths } from "../../../core/paths.ts";

/** One indexed project. */
export const ProjectEntrySchema = z.object({
  /** Absolute project root (the directory holding `.claude/`). */
  root: z.string().min(1),
  /** Display name (the root's base name). */
  name: z.string(),
  /** ISO time of the first init. */
  initializedAt: z.string(),
});

/** The index file. */
export const ProjectIndexSchema = z.object({
  version: z.literal(1),
  projects: z.array(ProjectEntrySchema),
});

/** One indexed project. */
export type ProjectEntry = z.infer<typeof ProjectEntrySchema>;
/** The whole index. */
export type ProjectIndex = z.infer<typeof ProjectIndexSchema>;

type IndexPaths = Pick<GlobalPaths, "projectIndex">;

async function readIndex(path: string): Promise<ProjectIndex> {
  const raw = await readJsonFile(
    path,
    (error) => invalid(path, `is not valid JSON (${error.message})`),
  );
  if (raw === undefined) return { version: 1, projects: [] };
  const result = ProjectIndexSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(path, `key "${issue.path.join(".") || "(root)"}": ${issue.message}`);
  }
  return result.data;
}

function invalid(path: string, problem: string): SuperAgentsError {
  return new SuperAgentsError("PROJECT_INDEX_INVALID", `${path} ${problem}`, {
    hint: `delete ${path}; the next \`super-agents init\` in each project rebuilds it`,
    details: { file: path },
  });
}

function isProject(root: string): boolean {
  try {
    return Deno.statSync(join(root, ".claude")).isDirectory;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw error;
  }
}

/** Runs `change` on the index under its lock and writes the result atomically. */
async function updateIndex<T>(
  paths: IndexPaths,
  change: (index: ProjectIndex) => T,
): Promise<T> {
  return await withFileLock(`${paths.projectIndex}.lock`, async () => {
    const index = await readIndex(paths.projectIndex);
    const result = change(index);
    index.projects = index.projects.filter((entry) => isProject(entry.root));
    await writeJsonAtomic(paths.projectIndex, ProjectIndexSchema.parse(index));
    return result;
  });
}

/**
 * Adds (or keeps) the project at `root`; prunes vanished projects.
 *
 * @example
 * ```ts
 * await registerProject(globalPaths(ctx), "/home/me/app", new Date().toISOString());
 * ```
 */
export function registerProject(
  paths: IndexPaths,
  root: string,
  now: string,
): Promise<ProjectEntry> {
  const absolute = resolve(root);
  return updateIndex(paths, (index) => {
    const existing = index.projects.find((entry) => entry.root === absolute);
    if (existing) return existing;
    const entry = { root: absolute, name: basename(absolute), initializedAt: now };
    index.projects.push(entry);
    return entry;
  });
}

/** Removes the project at `root`; returns whether it was listed. */
export function unregisterProject(paths: IndexPaths, root: string): Promise<boolean> {
  const absolute = resolve(root);
  return updateIndex(paths, (index) => {
    const before = index.projects.length;
    index.projects = index.projects.filter((entry) => entry.root !== absolute);
    return index.projects.length !== before;
  });
}

/** Every indexed project whose `.claude/` still exists (pruning the index when it changed). */
export async function listProjects(paths: IndexPaths): Promise<ProjectEntry[]> {
  const index = await readIndex(paths.projectIndex);
  const live = index.projects.filter((entry) => isProject(entry.root));
  if (live.length === index.projects.length) return live;
  return await updateIndex(
    paths,
    (fresh) => fresh.projects.filter((entry) => isProject(entry.root)),
  );
}
