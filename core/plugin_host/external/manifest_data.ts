/**
 * A third-party plugin's manifest as plain data: what the manifest worker
 * posts back and what the plugins file records, validated with zod. Every
 * field of `PluginManifest` is typed; module references are absolute URL
 * strings (resolved against the entry module) and must lie inside the
 * plugin's source ({@linkcode validateManifestData}), names are
 * `^[a-z][a-z0-9-]{0,40}$` and versions semver-ish.
 * @module
 */

import { z } from "../../deps.ts";
import { SuperAgentsError } from "../../errors.ts";
import type { PluginManifest } from "../manifest.ts";
import { PluginPermissionsSchema } from "./plugin_permissions.ts";
import { insideSource, type PluginSource } from "./plugin_source.ts";

/** A plugin or command name. */
export const PluginNameSchema = z.string().regex(
  /^[a-z][a-z0-9-]{0,40}$/,
  "lower-case letters, digits and dashes, starting with a letter, at most 41 characters",
);

const version = z.string().regex(
  /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?(?:\+[0-9A-Za-z.-]{1,64})?$/,
  "a version like 1.0.0 (semver)",
);
const line = z.string().min(1).max(200).regex(/^[^\n\r\0]*$/, "one line of text");
const ref = z.string().min(1).max(2048);
const paths = z.array(z.string().min(1).max(200).regex(/^\//, "an absolute URL path")).max(32);

/** A manifest as data. */
export const ManifestDataSchema = z.strictObject({
  name: PluginNameSchema,
  version,
  kind: z.enum(["agent", "provider", "transport", "queue", "integration"]),
  summary: line,
  permissions: PluginPermissionsSchema.optional(),
  commands: z.array(z.strictObject({
    name: PluginNameSchema,
    summary: line,
    module: ref,
    hidden: z.boolean().optional(),
  })).max(32).optional(),
  agents: z.array(z.strictObject({ module: ref })).max(8).optional(),
  executors: z.array(z.strictObject({
    name: PluginNameSchema,
    module: ref.optional(),
    worker: ref.optional(),
  })).max(8).optional(),
  providers: z.array(z.strictObject({
    name: PluginNameSchema,
    summary: line,
    module: ref,
    executor: PluginNameSchema.optional(),
  })).max(8).optional(),
  queueBackends: z.array(z.strictObject({ name: PluginNameSchema, module: ref })).max(8)
    .optional(),
  kmMounts: z.array(z.strictObject({ name: PluginNameSchema, paths, module: ref })).max(8)
    .optional(),
  doctorChecks: z.array(z.strictObject({ id: PluginNameSchema, module: ref })).max(16)
    .optional(),
  config: z.strictObject({ section: PluginNameSchema, module: ref }).optional(),
});

/** A validated manifest as data (module references are absolute URL strings). */
export type ManifestData = z.infer<typeof ManifestDataSchema> & PluginManifest;

/**
 * The contributions third-party plugins cannot make yet: they would run in
 * the CLI's own process. (Commands, agent files and executors run in
 * workers bounded by the plugin's permissions.)
 */
export const UNSUPPORTED_CONTRIBUTIONS = [
  "providers",
  "queueBackends",
  "kmMounts",
  "doctorChecks",
  "config",
] as const;

function refsOf(data: ManifestData): string[] {
  return [
    ...(data.commands ?? []).map((c) => c.module),
    ...(data.agents ?? []).map((a) => a.module),
    ...(data.executors ?? []).flatMap((e) => [e.module, e.worker].filter((r) => r !== undefined)),
    ...(data.providers ?? []).map((p) => p.module),
    ...(data.queueBackends ?? []).map((q) => q.module),
    ...(data.kmMounts ?? []).map((k) => k.module),
    ...(data.doctorChecks ?? []).map((d) => d.module),
    ...(data.config ? [data.config.module] : []),
  ];
}

/** A validation failure of a plugin's manifest. */
export function invalidManifest(where: string, problem: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_MANIFEST_INVALID", `${where}: ${problem}`, {
    hint: "fix the plugin's manifest (its default export, written with definePlugin)",
  });
}

/**
 * The manifest `raw` validated for `source`: every field typed, every
 * module reference inside the plugin's source, command names unique.
 * `where` names the plugin in errors.
 *
 * @example
 * ```ts
 * const manifest = validateManifestData(posted, source, "plugin at /work/hello");
 * ```
 */
export function validateManifestData(
  raw: unknown,
  source: PluginSource,
  where: string,
): ManifestData {
  const parsed = ManifestDataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? issue.path.join(".") : "manifest";
    throw invalidManifest(where, `${at}: ${issue.message}`);
  }
  const data = parsed.data as ManifestData;
  const outside = refsOf(data).find((url) => !insideSource(source, url));
  if (outside !== undefined) {
    throw invalidManifest(
      where,
      `the module reference ${outside} lies outside the plugin (${
        "root" in source ? source.root : source.base
      }); a plugin may only load its own modules`,
    );
  }
  const names = (data.commands ?? []).map((c) => c.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw invalidManifest(where, `the command ${twice} is declared twice`);
  checkExecutors(data, source, where);
  return data;
}

function checkExecutors(data: ManifestData, source: PluginSource, where: string): void {
  const executors = data.executors ?? [];
  executors.forEach((e, i) => {
    if (e.worker !== undefined || e.module === undefined) {
      throw invalidManifest(
        where,
        `executors.${i}: a third-party executor gives \`module\` (a module that exports ` +
          "`execute`), which super-agents' own worker imports inside the job's sandbox",
      );
    }
  });
  const names = executors.map((e) => e.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw invalidManifest(where, `the executor ${twice} is declared twice`);
  if (executors.length > 0 && (source.kind === "jsr" || source.kind === "npm")) {
    // Only a plugin recorded before registry plugins were copied at add runs from its registry.
    throw invalidManifest(
      where,
      `its executors run only from a copy made at add, and this ${source.kind}: plugin was ` +
        "recorded before plugins were copied; add it again (`super-agents plugins add`)",
    );
  }
}

/** The contributions of `data` third-party plugins cannot make (for warnings). */
export function unsupportedContributions(data: ManifestData): string[] {
  return UNSUPPORTED_CONTRIBUTIONS.filter((key) => {
    const value = data[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  });
}
