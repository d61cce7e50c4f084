/**
 * `uninstall`: removes exactly what the manifest lists and restores the
 * backups, so a project that was not touched since `init` returns to its
 * original bytes. Files the user edited since are reported: a shared file
 * loses only our part, a file of ours is kept unless `--force`. The runtime
 * directories init created go with their data; `.claude/` and
 * `.claude/agents/` go only when nothing of the user's is left in them.
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { BACKUP_DIRECTORY, desiredState } from "./desired_state.ts";
import { FileTransaction } from "./file_transaction.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import { fileSha256, type Manifest, readManifest } from "./manifest.ts";
import type { MergeTarget } from "./merge_target.ts";
import { runningProjectProcess } from "./running_process.ts";

/** What uninstall did (or, with `dryRun`, would do) to one path. */
export interface UninstallStep {
  kind: "delete" | "restore" | "strip" | "keep" | "rmdir" | "purge" | "missing";
  path: string;
  detail?: string;
}

/** Options for {@linkcode uninstallProject}. */
export interface UninstallOptions {
  /** Also delete files of ours that the user edited. */
  force?: boolean;
  /** Report without changing anything. */
  dryRun?: boolean;
}

/** Directories that hold runtime data only; removed with their content. */
const RUNTIME_DIRECTORIES = new Set([
  ".claude/state",
  ".claude/events",
  ".claude/registry",
  ".claude/logs",
  ".claude/triggers",
  ".claude/workspaces",
  BACKUP_DIRECTORY,
]);

/**
 * Uninstalls super-agents from the project at `paths`.
 *
 * @example
 * ```ts
 * const steps = await uninstallProject(requireProject(ctx), { force: false });
 * steps.filter((s) => s.kind === "keep"); // files you edited, still there
 * ```
 */
export async function uninstallProject(
  paths: ProjectPaths,
  options: UninstallOptions = {},
): Promise<UninstallStep[]> {
  const manifest = await readManifest(paths);
  if (!manifest) {
    throw new SuperAgentsError(
      "NOT_INITIALIZED",
      `${paths.root} has no .claude/manifest.json, so there is no record of what init created`,
      { hint: "nothing to uninstall; remove .claude/ by hand if it is not wanted" },
    );
  }
  const running = await runningProjectProcess(paths);
  if (running) {
    throw new SuperAgentsError(
      "PROJECT_RUNNING",
      `the project's Knowledge Manager or worker is running (pid ${running.pid}, from ${running.pidFile})`,
      { hint: "stop it first with `super-agents stop`, then rerun `super-agents uninstall`" },
    );
  }
  const merges = new Map(desiredState().merges.map((target) => [target.path, target]));
  const steps: UninstallStep[] = [];
  const tx = new FileTransaction();
  const trash = join(paths.root, `.super-agents-uninstall-${crypto.randomUUID().slice(0, 8)}`);
  await tx.run(async () => {
    const removedFiles = new Set<string>();
    for (const entry of [...manifest.files].reverse()) {
      const step = await fileStep(paths, entry, merges.get(entry.path), options);
      steps.push(step);
      if (step.kind === "delete") removedFiles.add(entry.path);
      if (!options.dryRun) await carryOut(tx, paths, entry, step);
    }
    for (const entry of manifest.files) {
      const kept = steps.find((s) => s.path === entry.path)?.kind === "keep";
      if (entry.backup && !kept) {
        if (!options.dryRun) await tx.remove(join(paths.root, entry.backup));
        removedFiles.add(entry.backup);
      }
    }
    if (!options.dryRun) await tx.remove(paths.manifest);
    removedFiles.add(".claude/manifest.json");
    await directorySteps(tx, paths, manifest, steps, removedFiles, trash, options);
  });
  if (!options.dryRun) {
    await Deno.remove(trash, { recursive: true }).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // nothing was purged
    });
  }
  return steps;
}

async function fileStep(
  paths: ProjectPaths,
  entry: Manifest["files"][number],
  target: MergeTarget | undefined,
  options: UninstallOptions,
): Promise<UninstallStep> {
  const absolute = join(paths.root, entry.path);
  const current = await fileSha256(absolute);
  const unchanged = current === entry.sha256;
  if (current === undefined) {
    return entry.backup
      ? { kind: "restore", path: entry.path, detail: "missing; original restored from backup" }
      : { kind: "missing", path: entry.path, detail: "already gone" };
  }
  if (unchanged) {
    return entry.backup
      ? { kind: "restore", path: entry.path, detail: "original restored" }
      : { kind: "delete", path: entry.path };
  }
  if (entry.kind === "merged" && target) {
    return {
      kind: "strip",
      path: entry.path,
      detail: `edited since init: removed ${target.label}, kept your changes`,
    };
  }
  if (options.force) {
    return entry.backup
      ? {
        kind: "restore",
        path: entry.path,
        detail: "edited since init; --force restored the original",
      }
      : { kind: "delete", path: entry.path, detail: "edited since init; deleted (--force)" };
  }
  return { kind: "keep", path: entry.path, detail: "edited since init; kept (--force deletes it)" };
}

async function carryOut(
  tx: FileTransaction,
  paths: ProjectPaths,
  entry: Manifest["files"][number],
  step: UninstallStep,
): Promise<void> {
  const absolute = join(paths.root, entry.path);
  if (step.kind === "delete") await tx.remove(absolute);
  if (step.kind === "restore") {
    const backup = join(paths.root, entry.backup!);
    await tx.write(absolute, await Deno.readFile(backup), entry.mode);
  }
  if (step.kind === "strip") {
    const target = desiredState().merges.find((t) => t.path === entry.path)!;
    const rest = target.remove((await readTextIfExists(absolute)) ?? "", entry.addedEntries);
    if (rest !== undefined) await tx.write(absolute, rest);
    else if (entry.backup) {
      await tx.write(absolute, await Deno.readFile(join(paths.root, entry.backup)), entry.mode);
    } else await tx.remove(absolute);
  }
}

async function directorySteps(
  tx: FileTransaction,
  paths: ProjectPaths,
  manifest: Manifest,
  steps: UninstallStep[],
  removed: Set<string>,
  trash: string,
  options: UninstallOptions,
): Promise<void> {
  // Runtime directories are renamed into `trash` (undoable) and deleted after the commit.
  let trashMade = false;
  for (const dir of [...manifest.directories].reverse()) {
    const absolute = join(paths.root, dir);
    let entries: string[];
    try {
      entries = [...Deno.readDirSync(absolute)].map((entry) => `${dir}/${entry.name}`);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // already removed by the user
      throw error;
    }
    const left = entries.filter((path) => !removed.has(path));
    if (left.length === 0) {
      if (!options.dryRun) await tx.rmdir(absolute);
      steps.push({ kind: "rmdir", path: dir });
      removed.add(dir);
    } else if (RUNTIME_DIRECTORIES.has(dir)) {
      if (!options.dryRun) {
        if (!trashMade) await tx.mkdir(trash);
        trashMade = true;
        await tx.rename(absolute, join(trash, dir.replaceAll("/", "__")));
      }
      steps.push({ kind: "purge", path: dir, detail: `with ${left.length} runtime entries` });
      removed.add(dir);
    } else {
      steps.push({
        kind: "keep",
        path: dir,
        detail: `still holds ${left.map((p) => p.slice(dir.length + 1)).join(", ")}`,
      });
    }
  }
}
