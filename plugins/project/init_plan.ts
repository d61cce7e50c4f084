/**
 * The plan of `init`: reads the tree (and the manifest of an earlier init)
 * and decides, without writing anything, what to create, merge, back up,
 * keep or leave alone. `--dry-run` prints it; `applyInitPlan` carries it out.
 * Running `init` on an initialised project plans nothing (a no-op).
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { BACKUP_DIRECTORY, type DesiredState } from "./desired_state.ts";
import type { Manifest } from "./manifest.ts";

/** One step of an init plan (paths are project-relative). */
export type InitAction =
  | { kind: "mkdir"; path: string }
  | { kind: "create"; path: string; content: string }
  | {
    kind: "merge";
    path: string;
    content: string;
    part: string;
    backup?: string;
    label: string;
    /** List entries this merge adds (see `MergeTarget.addedEntries`). */
    added?: string[];
  }
  | { kind: "replace"; path: string; content: string; backup: string }
  | { kind: "keep"; path: string; reason: string }
  | { kind: "conflict"; path: string; reason: string };

/** The plan and what it needs. */
export interface InitPlan {
  root: string;
  actions: InitAction[];
  /** The manifest of an earlier init, when there is one. */
  previous?: Manifest;
}

/** Options for {@linkcode planInit}. */
export interface PlanInitOptions {
  /** Replace differing files that are not ours (each is backed up first). */
  force?: boolean;
}

/** Files whose existing user version is simply kept (the user's settings win). */
const ADOPTED_IF_PRESENT = new Set([".claude/config.json"]);

/** Backup location of a project-relative path. */
export function backupPathOf(path: string): string {
  return `${BACKUP_DIRECTORY}/${path.replaceAll("/", "__")}`;
}

async function kindOf(path: string): Promise<"dir" | "file" | "missing"> {
  try {
    return (await Deno.stat(path)).isDirectory ? "dir" : "file";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    throw error;
  }
}

/**
 * Plans `init` for the project at `paths.root`.
 *
 * @example
 * ```ts
 * const plan = await planInit(projectPaths("/repo"), desiredState(), undefined);
 * plan.actions.filter((a) => a.kind !== "keep").length; // 0 on an initialised project
 * ```
 */
export async function planInit(
  paths: ProjectPaths,
  desired: DesiredState,
  previous: Manifest | undefined,
  options: PlanInitOptions = {},
): Promise<InitPlan> {
  const actions: InitAction[] = [];
  for (const dir of desired.directories) {
    const kind = await kindOf(join(paths.root, dir));
    if (kind === "file") {
      throw new SuperAgentsError("NOT_A_DIRECTORY", `${join(paths.root, dir)} is a file`, {
        hint: `move or remove ${dir}; super-agents needs a directory there`,
      });
    }
    if (kind === "missing") actions.push({ kind: "mkdir", path: dir });
  }
  const fileActions: InitAction[] = [];
  for (const file of desired.files) {
    const current = await readTextIfExists(join(paths.root, file.path));
    const ours = previous?.files.some((entry) => entry.path === file.path);
    if (current === undefined) fileActions.push({ kind: "create", ...file });
    else if (current === file.content) {
      fileActions.push({ kind: "keep", path: file.path, reason: "up to date" });
    } else if (ours) {
      fileActions.push({
        kind: "keep",
        path: file.path,
        reason: "edited since init or from an older version; `super-agents upgrade` refreshes it",
      });
    } else if (ADOPTED_IF_PRESENT.has(file.path)) {
      fileActions.push({ kind: "keep", path: file.path, reason: "existing file kept" });
    } else if (options.force) {
      fileActions.push({ kind: "replace", ...file, backup: backupPathOf(file.path) });
    } else {
      fileActions.push({
        kind: "conflict",
        path: file.path,
        reason: "exists with other content; kept yours (--force replaces it, keeping a backup)",
      });
    }
  }
  for (const target of desired.merges) {
    const current = await readTextIfExists(join(paths.root, target.path));
    const content = target.apply(current);
    const ours = previous?.files.some((entry) => entry.path === target.path);
    if (current === content) {
      fileActions.push({ kind: "keep", path: target.path, reason: `has ${target.label}` });
    } else if (ours && current !== undefined && target.extract(current) !== undefined) {
      fileActions.push({
        kind: "keep",
        path: target.path,
        reason: `has ${target.label} (\`super-agents upgrade\` refreshes it)`,
      });
    } else {
      fileActions.push({
        kind: "merge",
        path: target.path,
        content,
        part: target.extract(content) ?? "",
        label: target.label,
        added: target.addedEntries?.(current, content),
        ...(current === undefined ? {} : { backup: backupPathOf(target.path) }),
      });
    }
  }
  const needsBackups = fileActions.some((a) => "backup" in a && a.backup !== undefined);
  if (needsBackups && await kindOf(join(paths.root, BACKUP_DIRECTORY)) === "missing") {
    actions.push({ kind: "mkdir", path: BACKUP_DIRECTORY });
  }
  return { root: paths.root, actions: [...actions, ...fileActions], previous };
}

/** Whether a plan changes anything (otherwise `init` is a no-op). */
export function planChanges(plan: InitPlan): boolean {
  return plan.actions.some((action) => action.kind !== "keep" && action.kind !== "conflict") ||
    plan.previous === undefined;
}
