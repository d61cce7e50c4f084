/**
 * The life of a URL plugin's copy beyond `plugins add`'s own run. A copy
 * being made is pending (a marker in `plugin-code/.pending/`) until its
 * entry is in a plugins file: an `add` interrupted there (Ctrl-C at the
 * prompt, a kill) leaves a marker, not an orphan. A copy that a newer `add`
 * replaced, or that `plugins remove` took out, is retired (a marker in
 * `plugin-code/.retired/`) rather than deleted, since a worker started
 * before still has the old entry and imports from it. Each later `add` or
 * `remove` deletes the copies pending or retired more than a day ago. Only
 * a copy whose entry carries this user's seal is ever retired: a plugins
 * file edited by hand cannot name another copy to delete.
 * @module
 */

import { basename, join } from "node:path";
import { readSealKey, sealVerifies } from "../../core/plugin_host/external/acceptance_seal.ts";
import {
  type PluginCode,
  PluginEntrySchema,
} from "../../core/plugin_host/external/plugins_file.ts";
import { removeCopy } from "./url_copy.ts";
import { writeFileAtomic } from "../../core/atomic_file.ts";

/** How long a pending or retired copy stays. */
export const RETIRED_GRACE_MS = 24 * 60 * 60 * 1000;

type Marker = ".pending" | ".retired";

function markerDir(dataHome: string, kind: Marker): string {
  return join(dataHome, "plugin-code", kind);
}

/** The marker file of `code`, or undefined for a name no copy of ours has. */
function markerPath(dataHome: string, kind: Marker, code: PluginCode): string | undefined {
  const name = basename(code.root);
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)
    ? join(markerDir(dataHome, kind), name)
    : undefined;
}

async function mark(dataHome: string, kind: Marker, code: PluginCode, now: number) {
  const path = markerPath(dataHome, kind, code);
  if (!path) return;
  await Deno.mkdir(markerDir(dataHome, kind), { recursive: true });
  await writeFileAtomic(path, String(now)); // a prune reading it meanwhile sees all or nothing
}

/**
 * Marks a copy being made (see the module doc).
 *
 * @example
 * ```ts
 * await markPending(code, ctx.dataHome, ctx.now());
 * ```
 */
export function markPending(code: PluginCode, dataHome: string, now: number): Promise<void> {
  return mark(dataHome, ".pending", code, now);
}

/**
 * The copy is recorded in a plugins file (or removed): no longer pending.
 *
 * @example
 * ```ts
 * await clearPending(code, ctx.dataHome);
 * ```
 */
export async function clearPending(code: PluginCode, dataHome: string): Promise<void> {
  const path = markerPath(dataHome, ".pending", code);
  if (path) await Deno.remove(path).catch(() => {});
}

/**
 * Marks `code` retired at `now` (nothing for no copy).
 *
 * @example
 * ```ts
 * await retireCopy(await sealedCopyOf(replaced, ctx.dataHome), ctx.dataHome, ctx.now());
 * ```
 */
export async function retireCopy(
  code: PluginCode | undefined,
  dataHome: string,
  now: number,
): Promise<void> {
  if (code) await mark(dataHome, ".retired", code, now);
}

/**
 * The copy an entry of a plugins file (as read, unchecked) records, when the
 * entry carries this user's seal; undefined otherwise.
 *
 * @example
 * ```ts
 * await sealedCopyOf(rawEntry, ctx.dataHome); // { root, entry } or undefined
 * ```
 */
export async function sealedCopyOf(
  raw: unknown,
  dataHome: string,
): Promise<PluginCode | undefined> {
  const parsed = PluginEntrySchema.safeParse(raw);
  if (!parsed.success || !parsed.data.code) return undefined;
  const key = await readSealKey(dataHome).catch(() => undefined);
  if (!key) return undefined;
  const { seal, ...sealed } = parsed.data;
  return await sealVerifies(key, sealed, seal) ? parsed.data.code : undefined;
}

/** When `marker` was written: its contents, else its modification time, else `now` (kept). */
async function markedAt(marker: string, now: number): Promise<number> {
  const text = (await Deno.readTextFile(marker).catch(() => "")).trim();
  const at = Number(text);
  if (text && Number.isFinite(at)) return at;
  return (await Deno.stat(marker).catch(() => undefined))?.mtime?.getTime() ?? now;
}

/**
 * Deletes the copies pending or retired more than {@linkcode RETIRED_GRACE_MS}
 * before `now`, with their markers. Never throws for a copy already gone.
 *
 * @example
 * ```ts
 * await pruneRetired(ctx.dataHome, ctx.now());
 * ```
 */
export async function pruneRetired(dataHome: string, now: number): Promise<void> {
  for (const kind of [".pending", ".retired"] as const) {
    let names: string[];
    try {
      names = [...Deno.readDirSync(markerDir(dataHome, kind))].map((entry) => entry.name);
    } catch {
      continue; // nothing marked yet
    }
    for (const name of names) {
      const marker = join(markerDir(dataHome, kind), name);
      if (now - await markedAt(marker, now) < RETIRED_GRACE_MS) continue;
      const root = join(dataHome, "plugin-code", name);
      await removeCopy({ root, entry: `file://${root}/` }, dataHome);
      await Deno.remove(marker).catch(() => {});
    }
  }
}
