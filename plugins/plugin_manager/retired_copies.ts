/**
 * A URL plugin's copy that a newer `plugins add` replaced, or `plugins
 * remove` took out of its plugins file, is retired rather than deleted: a
 * worker that has been running since before still has the old entry and
 * imports from that copy. A marker in `plugin-code/.retired/` records when;
 * each later `add` or `remove` deletes the copies retired more than a day
 * ago.
 * @module
 */

import { basename, join } from "node:path";
import type { PluginCode } from "../../core/plugin_host/external/plugins_file.ts";
import { removeCopy } from "./url_copy.ts";

/** How long a retired copy stays for the workers that still use it. */
export const RETIRED_GRACE_MS = 24 * 60 * 60 * 1000;

function markers(dataHome: string): string {
  return join(dataHome, "plugin-code", ".retired");
}

/**
 * Marks `code` retired at `now` (nothing for no copy).
 *
 * @example
 * ```ts
 * await retireCopy(copyOf(replacedEntry), ctx.dataHome, ctx.now());
 * ```
 */
export async function retireCopy(
  code: PluginCode | undefined,
  dataHome: string,
  now: number,
): Promise<void> {
  if (!code) return;
  await Deno.mkdir(markers(dataHome), { recursive: true });
  await Deno.writeTextFile(join(markers(dataHome), basename(code.root)), String(now));
}

/**
 * Deletes the copies retired more than {@linkcode RETIRED_GRACE_MS} before
 * `now`, with their markers. Never throws for a copy already gone.
 *
 * @example
 * ```ts
 * await pruneRetired(ctx.dataHome, ctx.now());
 * ```
 */
export async function pruneRetired(dataHome: string, now: number): Promise<void> {
  let names: string[];
  try {
    names = [...Deno.readDirSync(markers(dataHome))].map((entry) => entry.name);
  } catch {
    return; // nothing retired yet
  }
  for (const name of names) {
    const marker = join(markers(dataHome), name);
    const at = Number(await Deno.readTextFile(marker).catch(() => "0"));
    if (Number.isFinite(at) && now - at < RETIRED_GRACE_MS) continue;
    const root = join(dataHome, "plugin-code", name);
    await removeCopy({ root, entry: `file://${root}/` }, dataHome);
    await Deno.remove(marker).catch(() => {});
  }
}
