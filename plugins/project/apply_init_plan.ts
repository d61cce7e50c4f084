/**
 * Carries out an init plan inside one {@linkcode FileTransaction}: creates the
 * directories, backs up every file it changes, writes the files, and writes
 * the manifest last. Any failure undoes all of it.
 * @module
 */

import { join } from "node:path";
import type { ProjectPaths } from "../../core/paths.ts";
import { VERSION } from "../../core/version.ts";
import { FileTransaction, readExisting } from "./file_transaction.ts";
import type { InitPlan } from "./init_plan.ts";
import { type Manifest, type ManifestFile, ManifestSchema, sha256Hex } from "./manifest.ts";

/**
 * Applies `plan` and returns the manifest written.
 *
 * @example
 * ```ts
 * const plan = await planInit(paths, desiredState(), await readManifest(paths));
 * const manifest = await applyInitPlan(paths, plan, new Date().toISOString());
 * ```
 */
export async function applyInitPlan(
  paths: ProjectPaths,
  plan: InitPlan,
  now: string,
): Promise<Manifest> {
  const directories = [...(plan.previous?.directories ?? [])];
  const files = new Map<string, ManifestFile>(
    (plan.previous?.files ?? []).map((entry) => [entry.path, entry]),
  );
  return await new FileTransaction().run(async (tx) => {
    for (const action of plan.actions) {
      const absolute = join(paths.root, action.path);
      switch (action.kind) {
        case "mkdir":
          await tx.mkdir(absolute);
          if (!directories.includes(action.path)) directories.push(action.path);
          break;
        case "create":
          await tx.write(absolute, action.content);
          files.set(action.path, {
            path: action.path,
            kind: "created",
            sha256: sha256Hex(action.content),
            templateSha256: sha256Hex(action.content),
          });
          break;
        case "merge":
        case "replace": {
          const original = action.backup ? await readExisting(absolute) : undefined;
          if (action.backup && original) {
            await tx.write(join(paths.root, action.backup), original.bytes, original.mode);
          }
          await tx.write(absolute, action.content);
          const part = action.kind === "merge" ? action.part : action.content;
          const earlier = files.get(action.path);
          const added = unionOf(earlier?.addedEntries, action.kind === "merge" ? action.added : []);
          files.set(action.path, {
            ...(added.length ? { addedEntries: added } : {}),
            path: action.path,
            kind: action.kind === "merge" ? "merged" : "replaced",
            sha256: sha256Hex(action.content),
            templateSha256: sha256Hex(part),
            ...(action.backup ? { backup: action.backup, mode: original?.mode } : {
              // Re-merging a file we created keeps it without a backup.
              ...(earlier?.backup ? { backup: earlier.backup, mode: earlier.mode } : {}),
            }),
          });
          break;
        }
        case "keep":
        case "conflict":
          break;
      }
    }
    const manifest: Manifest = ManifestSchema.parse({
      manifestVersion: 1,
      version: VERSION,
      createdAt: plan.previous?.createdAt ?? now,
      updatedAt: now,
      directories,
      files: [...files.values()],
    });
    await tx.write(paths.manifest, JSON.stringify(manifest, null, 2) + "\n");
    return manifest;
  });
}

/** The entries of both lists, each once, in order. */
function unionOf(a: readonly string[] = [], b: readonly string[] = []): string[] {
  return [...new Set([...a, ...b])];
}
