/**
 * The plugins file: the third-party plugins a project (`.claude/plugins.json`)
 * or the user (`~/.super-agents/plugins.json`, honouring `SUPER_AGENTS_HOME`)
 * added, each with its version, source, integrity digest, the permissions
 * the user accepted, the manifest as it was read, and the seal
 * (`acceptance_seal.ts`). Read back with zod, entry by entry: a damaged file
 * or entry is a problem naming the file and the fix, and its plugins are
 * skipped — it never stops a command. Changes happen under a flock with an
 * atomic write.
 * @module
 */

import { dirname, isAbsolute, join } from "node:path";
import { writeJsonAtomic } from "../../atomic_file.ts";
import { z } from "../../deps.ts";
import { SuperAgentsError } from "../../errors.ts";
import { withFileLock } from "../../file_lock.ts";
import { readTextIfExists } from "../../fs/read_text_if_exists.ts";
import type { PluginProblem } from "../host.ts";
import { ManifestDataSchema, PluginNameSchema } from "./manifest_data.ts";
import { PluginPermissionsSchema } from "./plugin_permissions.ts";
import { type PluginSource, PluginSourceSchema } from "./plugin_source.ts";

/** One added plugin. */
/**
 * Where a URL plugin's code was copied when the user accepted it (a folder
 * of the data home): its workers import that copy, never the server.
 */
export const PluginCodeSchema = z.strictObject({
  root: z.string().min(1).max(4096).refine(isAbsolute, "an absolute path"),
  entry: z.url({ protocol: /^file$/ }),
});

/** A URL plugin's copy. */
export type PluginCode = z.infer<typeof PluginCodeSchema>;

export const PluginEntrySchema = z.strictObject({
  name: PluginNameSchema,
  version: z.string().min(1).max(100),
  /** What to pass to `plugins add` to review it again. */
  specifier: z.string().min(1).max(4096),
  source: PluginSourceSchema,
  integrity: z.string().regex(/^sha256-[0-9a-f]{64}$/, "sha256-<64 hex digits>"),
  /** The permissions the user accepted. */
  accepted: PluginPermissionsSchema,
  /** The manifest as it was read when the user accepted it. */
  manifest: ManifestDataSchema,
  /**
   * The SHA-256 of each module of a URL plugin's executors (by its URL in
   * the copy) as fetched when the user accepted it: its worker imports the
   * module only while it is unchanged.
   */
  modules: z.record(
    z.string().min(1).max(2048),
    z.string().regex(/^sha256-[0-9a-f]{64}$/, "sha256-<64 hex digits>"),
  ).optional(),
  /** A URL plugin's copy (added since URL plugins run from one). */
  code: PluginCodeSchema.optional(),
  addedAt: z.string().min(1).max(40),
  /** HMAC of everything above under the user's key. */
  seal: z.string().regex(/^[0-9a-f]{64}$/, "64 hex digits"),
});

/** One added plugin. */
export type PluginEntry = z.infer<typeof PluginEntrySchema>;

const EnvelopeSchema = z.strictObject({
  version: z.literal(1),
  plugins: z.array(z.unknown()).max(200),
});

/** Which plugins file. */
export type PluginScope = "project" | "global";

/** A plugins file as read. */
export interface PluginsFile {
  path: string;
  scope: PluginScope;
  entries: PluginEntry[];
  problems: PluginProblem[];
}

/** The project's plugins file. */
export function projectPluginsFile(root: string): string {
  return join(root, ".claude", "plugins.json");
}

/** The user's plugins file. */
export function globalPluginsFile(dataHome: string): string {
  return join(dataHome, "plugins.json");
}

function fileProblem(path: string, why: string): PluginProblem {
  return {
    plugin: "plugins file",
    message: `${path} is not a valid plugins file (${why}); its plugins were skipped`,
    hint: `fix ${path}, or delete it and add the plugins again: ` +
      "`super-agents plugins add <specifier>`",
  };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "file"}: ${issue.message}`;
}

function entryName(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === "string" && /^[a-z][a-z0-9-]{0,40}$/.test(name) ? name : `#${index + 1}`;
}

/**
 * The plugins file at `path` (empty when it does not exist).
 *
 * @example
 * ```ts
 * const file = await readPluginsFile(projectPluginsFile(root), "project");
 * file.entries.map((e) => e.name); // ["hello"]
 * ```
 */
export async function readPluginsFile(path: string, scope: PluginScope): Promise<PluginsFile> {
  const read: PluginsFile = { path, scope, entries: [], problems: [] };
  const text = await readTextIfExists(path);
  if (text === undefined) return read;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    read.problems.push(fileProblem(path, `not JSON: ${(error as Error).message}`));
    return read;
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    read.problems.push(fileProblem(path, issueText(envelope.error)));
    return read;
  }
  envelope.data.plugins.forEach((item, index) => {
    const entry = PluginEntrySchema.safeParse(item);
    if (entry.success) return read.entries.push(entry.data);
    const name = entryName(item, index);
    read.problems.push({
      plugin: name,
      message: `the entry of ${name} in ${path} is invalid (${issueText(entry.error)}); skipped`,
      hint: `remove it with \`super-agents plugins remove ${name}${
        scope === "global" ? " --global" : ""
      }\` and add the plugin again`,
    });
  });
  return read;
}

async function rawEntries(path: string): Promise<unknown[]> {
  const text = await readTextIfExists(path);
  if (text === undefined) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SuperAgentsError(
      "PLUGINS_FILE_INVALID",
      `${path} is not JSON: ${(error as Error).message}`,
      { hint: `fix ${path}, or delete it and add your plugins again`, cause: error },
    );
  }
  const plugins = (raw as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(plugins)) {
    throw new SuperAgentsError("PLUGINS_FILE_INVALID", `${path} has no "plugins" list`, {
      hint: `fix ${path}, or delete it and add your plugins again`,
    });
  }
  return plugins;
}

/**
 * Changes the plugins file at `path` under its lock: `change` gets the
 * entries as stored (possibly invalid ones) and returns the new list,
 * written atomically (nothing is written when the list is unchanged).
 *
 * @example
 * ```ts
 * await updatePluginsFile(path, (entries) => entries.filter((e) => entryNameOf(e) !== "hello"));
 * ```
 */
export async function updatePluginsFile<T>(
  path: string,
  change: (entries: unknown[]) => { entries: unknown[]; result: T },
): Promise<T> {
  return await withFileLock(join(dirname(path), ".plugins.json.lock"), async () => {
    const before = await rawEntries(path);
    const { entries, result } = change(before);
    const same = entries.length === before.length && entries.every((e, i) => e === before[i]);
    if (!same) await writeJsonAtomic(path, { version: 1, plugins: entries });
    return result;
  });
}

/** The `name` of a stored entry, valid or not. */
export function entryNameOf(raw: unknown): string | undefined {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * Where the plugin's code runs from: a URL plugin's copy is a folder plugin
 * to its workers (they read that folder, and import nothing else); any
 * other plugin runs from its source.
 *
 * @example
 * ```ts
 * codeSource(urlEntry); // { kind: "folder", root: "/home/me/.super-agents/plugin-code/x.dev-1a2b", ... }
 * ```
 */
export function codeSource(entry: Pick<PluginEntry, "source" | "code">): PluginSource {
  return entry.code ? { kind: "folder", ...entry.code } : entry.source;
}
