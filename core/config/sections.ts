/**
 * Configuration sections that plugins contribute. The kernel's schema
 * (`schema.ts`) holds the kernel's own sections; a plugin declares its
 * section in its manifest (`config: { section, module }`), whose module
 * exports `schema` (a zod object, every key defaulted) and optionally
 * `defaults`. {@linkcode prepareConfigSchema} loads the installed plugin
 * host's sections once and {@linkcode configSchema} then answers with the
 * kernel's schema extended by them, so loading, `config list/get/set`,
 * environment variables and error messages treat a plugin's keys like the
 * kernel's. Without a host (a light command such as `status`), the kernel
 * cannot know which other sections exist: a top-level section it does not
 * know is then kept as written, unvalidated (see `load.ts`), and the
 * plugin reads it through {@linkcode configSection}, which validates it
 * with the plugin's schema.
 * @module
 */

import type { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { maybePluginHost } from "../plugin_host/current.ts";
import type { PluginHost } from "../plugin_host/host.ts";
import { ConfigSchema } from "./schema.ts";

/** What a `config` contribution's module exports. */
export interface ConfigSectionModule {
  /** The section's keys, each with its default. */
  schema: z.ZodObject;
  /** The section's defaults (default: what `schema` gives for `{}`). */
  defaults?: Record<string, unknown>;
}

/** The configuration schema, kernel sections plus plugin ones. */
export type ConfigObjectSchema = z.ZodObject;

let prepared: { host: PluginHost; schema: ConfigObjectSchema; sections: string[] } | undefined;

function sectionError(plugin: string, section: string, why: string): SuperAgentsError {
  return new SuperAgentsError(
    "CONFIG_SECTION_INVALID",
    `the ${plugin} plugin's config section "${section}" ${why}`,
    { hint: `this is a bug in the ${plugin} plugin; report it` },
  );
}

/**
 * Loads the config sections of the installed plugin host (once per host)
 * and returns the schema they extend the kernel's with.
 *
 * @example
 * ```ts
 * const schema = await prepareConfigSchema();
 * Object.keys(schema.shape).includes("notifications"); // true with the built-in plugins
 * ```
 */
export async function prepareConfigSchema(): Promise<ConfigObjectSchema> {
  const host = maybePluginHost();
  if (!host) return ConfigSchema;
  if (prepared?.host === host) return prepared.schema;
  const kernel = new Set(Object.keys(ConfigSchema.shape));
  const entries = await Promise.all(
    host.configSections().map(async (contributed) => {
      const { section } = contributed.contribution;
      if (kernel.has(section)) {
        throw sectionError(contributed.plugin, section, "is a section of the kernel's");
      }
      const module = await contributed.load<Partial<ConfigSectionModule>>();
      if (!module.schema || module.schema._zod?.def?.type !== "object") {
        throw sectionError(contributed.plugin, section, "has no zod object `schema` export");
      }
      return [section, module.schema.prefault(module.defaults ?? {})] as const;
    }),
  );
  const schema = entries.length ? ConfigSchema.extend(Object.fromEntries(entries)) : ConfigSchema;
  prepared = { host, schema, sections: entries.map(([section]) => section) };
  return schema;
}

/**
 * The configuration schema for the installed host: the kernel's, extended
 * by the plugins' sections once {@linkcode prepareConfigSchema} ran.
 */
export function configSchema(): ConfigObjectSchema {
  const host = maybePluginHost();
  return prepared && prepared.host === host ? prepared.schema : ConfigSchema;
}

/**
 * Whether every top-level section is known (a host's sections are
 * prepared): then an unknown section is an error; otherwise it is kept as
 * written for its plugin to validate.
 */
export function allSectionsKnown(): boolean {
  const host = maybePluginHost();
  return host !== undefined && prepared?.host === host;
}

/** The sections the installed host's plugins contribute (none until prepared). */
export function pluginSections(): readonly string[] {
  return allSectionsKnown() ? prepared!.sections : [];
}

/**
 * A plugin's section of a loaded configuration, validated with its schema
 * (defaults filled in); an invalid section is an error naming the key.
 *
 * @example
 * ```ts
 * const settings = configSection(config, "notifications", schema);
 * settings.on; // ["check.failed", "task.failed"]
 * ```
 */
export function configSection<S extends z.ZodObject>(
  config: object,
  section: string,
  schema: S,
): z.output<S> {
  const raw = (config as Record<string, unknown>)[section];
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = [section, ...issue.path.map(String)].join(".");
  throw new SuperAgentsError("CONFIG_INVALID", `config key "${key}": ${issue.message}`, {
    hint: `fix "${key}" in your config file; \`super-agents config validate\` names the file`,
    details: { key },
  });
}
