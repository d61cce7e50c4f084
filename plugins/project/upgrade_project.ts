/**
 * `upgrade`: refreshes the project's templates with a three-way comparison
 * per file — the template we last wrote (its hash in the manifest), the new
 * template, and the user's file. Untouched files get the new template; edits
 * survive; when both changed, the user's file stays and the new template is
 * written beside it as `<file>.new`.
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { VERSION } from "../../core/version.ts";
import { BACKUP_DIRECTORY, type DesiredState, desiredState } from "./desired_state.ts";
import { FileTransaction } from "./file_transaction.ts";
import { detectLauncher } from "./launcher.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import { backupPathOf } from "./init_plan.ts";
import { NAMESPACE_PATH, toNamespacedLayout, usesOldLayout } from "../../core/agent_file_layout.ts";
import {
  type Manifest,
  type ManifestFile,
  ManifestSchema,
  readManifest,
  sha256Hex,
} from "./manifest.ts";

/** What upgrade did to one path. */
export interface UpgradeStep {
  kind: "update" | "create" | "mkdir" | "keep" | "conflict" | "remove" | "skip" | "current";
  path: string;
  detail?: string;
}

/** A planned write, carried out unless `dryRun`. */
type Write = {
  path: string;
  content?: string;
  mkdir?: boolean;
  remove?: boolean;
  backupOf?: string;
};

/** Options for {@linkcode upgradeProject}. */
export interface UpgradeOptions {
  dryRun?: boolean;
  /** Clock for the manifest's `updatedAt`. */
  now?: () => string;
  /**
   * The target state (default: the embedded templates, started by the
   * launcher that works here: see `launcher.ts`).
   */
  desired?: DesiredState;
}

/**
 * Upgrades the project at `paths` to the embedded templates.
 *
 * @example
 * ```ts
 * const steps = await upgradeProject(requireProject(ctx));
 * steps.filter((s) => s.kind === "conflict"); // files written as <file>.new
 * ```
 */
export async function upgradeProject(
  paths: ProjectPaths,
  options: UpgradeOptions = {},
): Promise<UpgradeStep[]> {
  const manifest = await readManifest(paths);
  if (!manifest) {
    throw new SuperAgentsError("NOT_INITIALIZED", `${paths.root} has not been initialised`, {
      hint: "run `super-agents init` first",
    });
  }
  // PATH from the process: upgrade's caller passes no context, and this is the PATH it runs under.
  const desired = options.desired ??
    desiredState(undefined, undefined, detectLauncher(Deno.env.get("PATH") ?? ""));
  const entries = new Map(manifest.files.map((entry) => [entry.path, { ...entry }]));
  const directories = [...manifest.directories];
  const steps: UpgradeStep[] = [];
  const writes: Write[] = [];
  for (const dir of desired.directories) {
    try {
      await Deno.stat(join(paths.root, dir));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      steps.push({ kind: "mkdir", path: dir });
      writes.push({ path: dir, mkdir: true });
      directories.push(dir);
    }
  }
  for (const file of desired.files) {
    const current = await readTextIfExists(join(paths.root, file.path));
    const migrated = migrateEditedAgentFile(file, current, entries, writes);
    if (migrated) {
      steps.push(migrated);
      continue;
    }
    const step = threeWay(file.path, current, file.content, file.content, entries, writes);
    steps.push(step);
  }
  for (const target of desired.merges) {
    const current = await readTextIfExists(join(paths.root, target.path));
    const entry = entries.get(target.path);
    if (current === undefined && entry) {
      steps.push({
        kind: "skip",
        path: target.path,
        detail: "deleted by you; `init` recreates it",
      });
      continue;
    }
    const content = target.apply(current);
    const currentPart = current === undefined ? undefined : target.extract(current);
    if (current !== undefined && entry && currentPart === undefined) {
      steps.push({ kind: "skip", path: target.path, detail: `you removed ${target.label}` });
      continue;
    }
    const newPart = target.extract(content) ?? "";
    const step = threeWay(target.path, current, content, newPart, entries, writes, currentPart);
    steps.push(step);
    const added = target.addedEntries?.(current, content) ?? [];
    const written = entries.get(target.path);
    if (added.length && written && (step.kind === "update" || step.kind === "create")) {
      const all = [...new Set([...(written.addedEntries ?? []), ...added])];
      entries.set(target.path, { ...written, addedEntries: all });
    }
  }
  const wanted = new Set([...desired.files, ...desired.merges].map((f) => f.path));
  for (const entry of manifest.files) {
    if (wanted.has(entry.path) || entry.kind === "merged") continue;
    const current = await readTextIfExists(join(paths.root, entry.path));
    if (current !== undefined && sha256Hex(current) === entry.sha256) {
      steps.push({ kind: "remove", path: entry.path, detail: "no longer shipped" });
      writes.push({ path: entry.path, remove: true });
      entries.delete(entry.path);
    } else if (current !== undefined) {
      steps.push({ kind: "keep", path: entry.path, detail: "no longer shipped; kept your edits" });
    }
  }
  if (writes.some((write) => write.backupOf !== undefined)) {
    try {
      await Deno.stat(join(paths.root, BACKUP_DIRECTORY));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      writes.unshift({ path: BACKUP_DIRECTORY, mkdir: true });
      directories.push(BACKUP_DIRECTORY);
    }
  }
  if (options.dryRun) return steps;
  const updated: Manifest = ManifestSchema.parse({
    ...manifest,
    version: VERSION,
    updatedAt: options.now?.() ?? new Date().toISOString(),
    directories,
    files: [...entries.values()],
  });
  await new FileTransaction().run(async (tx) => {
    for (const write of writes) {
      const absolute = join(paths.root, write.path);
      if (write.mkdir) await tx.mkdir(absolute);
      else if (write.remove) await tx.remove(absolute);
      else {
        if (write.backupOf !== undefined) {
          await tx.write(join(paths.root, backupPathOf(write.path)), write.backupOf);
        }
        await tx.write(absolute, write.content!);
      }
    }
    await tx.write(paths.manifest, JSON.stringify(updated, null, 2) + "\n");
  });
  return steps;
}

/**
 * Decides one file: `current` is the user's text, `content` the new file,
 * `part` our new part of it (the whole file for files that are ours), and
 * `currentPart` our part as found in the user's file.
 */
function threeWay(
  path: string,
  current: string | undefined,
  content: string,
  part: string,
  entries: Map<string, ManifestFile>,
  writes: Write[],
  currentPart: string | undefined = current,
): UpgradeStep {
  const entry = entries.get(path);
  const merged = part !== content;
  const record = (sha: string | undefined) => {
    const base = entry ?? { path, kind: merged ? "merged" : "created", sha256: sha256Hex(content) };
    entries.set(path, {
      ...base,
      ...(sha ? { sha256: sha } : {}),
      templateSha256: sha256Hex(part),
    } as ManifestFile);
  };
  if (current === content) {
    // A file that is wholly ours and equal to the template counts as ours again.
    if (entry) record(merged ? undefined : sha256Hex(content));
    return { kind: "current", path };
  }
  if (!entry) {
    if (current === undefined || merged) {
      writes.push({ path, content, ...(current !== undefined ? { backupOf: current } : {}) });
      record(sha256Hex(content));
      if (current !== undefined) {
        entries.set(path, { ...entries.get(path)!, backup: backupPathOf(path) });
      }
      return { kind: "create", path, detail: merged ? "added our part" : undefined };
    }
    writes.push({ path: `${path}.new`, content });
    return {
      kind: "conflict",
      path,
      detail: `exists and is not ours; new template in ${path}.new`,
    };
  }
  if (current === undefined) return { kind: "skip", path, detail: "deleted by you" };
  const untouched = entry.sha256 === sha256Hex(current);
  if (sha256Hex(part) === entry.templateSha256) {
    return { kind: "keep", path, detail: "template unchanged; your edits kept" };
  }
  if (currentPart !== undefined && sha256Hex(currentPart) === entry.templateSha256) {
    writes.push({ path, content });
    // Only a file untouched since we wrote it may later be restored from its backup.
    record(untouched ? sha256Hex(content) : undefined);
    return { kind: "update", path };
  }
  writes.push({ path: `${path}.new`, content });
  record(undefined);
  return {
    kind: "conflict",
    path,
    detail: `you and the new template both changed it; kept yours, new version in ${path}.new`,
  };
}

/**
 * An agent file the user edited that is still in an older layout (our fields
 * at the top level, or under a top-level `super-agents:`): rewritten to the
 * current one (`experimental: super-agents:`) with every edit kept, and counted as based on the current template (an
 * untouched old file simply gets the new template through `threeWay`).
 */
function migrateEditedAgentFile(
  file: { path: string; content: string },
  current: string | undefined,
  entries: Map<string, ManifestFile>,
  writes: Write[],
): UpgradeStep | undefined {
  const entry = entries.get(file.path);
  if (!file.path.startsWith(".claude/agents/") || current === undefined || !entry) return;
  if (entry.sha256 === sha256Hex(current) || !usesOldLayout(current)) return;
  const content = toNamespacedLayout(current);
  if (content === current) return;
  writes.push({ path: file.path, content });
  entries.set(file.path, { ...entry, templateSha256: sha256Hex(file.content) });
  return {
    kind: "update",
    path: file.path,
    detail:
      `moved our fields under ${NAMESPACE_PATH} (where Claude Code ignores them silently); your edits kept`,
  };
}
