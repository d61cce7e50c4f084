/**
 * Layered configuration: built-in defaults < global config
 * (`~/.super-agents/config.json`) < project `.claude/config.json` <
 * environment (`SUPER_AGENTS_*`) < flags. Each layer is validated on its own so
 * an error names the file (or variable) and the key; unknown keys are errors
 * that name the closest valid key; old files are migrated
 * (`./migrate.ts`). `sources` records which layer every value came from
 * (`config list`). The key helpers live in `./keys.ts`. Plugins' sections
 * join the schema when a plugin host is installed (`./sections.ts`).
 * @module
 */

import { join } from "node:path";
import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";
import type { z } from "../deps.ts";
import { coerce, deepMerge, envNameOf, expandDotted, leafEntries } from "./keys.ts";
import { migrateConfig } from "./migrate.ts";
import { renameLegacyNames } from "./renamed_names.ts";
import { type Config, envAliases } from "./schema.ts";
import { allowedValues, knownKeys, schemaAt, unknownKeys } from "./schema_walk.ts";
import { allSectionsKnown, configSchema, pluginSections, prepareConfigSchema } from "./sections.ts";

export { coerce, envNameOf, expandDotted, getDotted, leafEntries } from "./keys.ts";

/** Where a configuration value came from. */
export type ConfigLayer = "default" | "global" | "project" | "env" | "flag";

/** The resolved configuration and the layer of each leaf key. */
export interface LoadedConfig {
  config: Config;
  sources: Record<string, ConfigLayer>;
  /** One line per deprecated name a layer used (printed on stderr by the loaders). */
  notices?: string[];
}

/** Options for {@linkcode loadConfig}. */
export interface LoadConfigOptions {
  /** Project `.claude/config.json`, when inside a project. */
  projectConfigPath?: string;
  /** Dotted-key overrides from command-line flags. */
  flags?: Record<string, unknown>;
}

/** One problem in one layer: the file (or variable), the key, what is wrong and the fix. */
export interface ConfigProblem {
  origin: string;
  key: string;
  message: string;
  hint?: string;
}

/** The global config file (per user). */
export function globalConfigPath(ctx: Pick<Context, "dataHome">): string {
  return join(ctx.dataHome, "config.json");
}

/** A layer's values (when valid) and every problem found in it. */
export interface LayerReport {
  values?: Record<string, unknown>;
  problems: ConfigProblem[];
  /** One line per deprecated check or agent name in the layer (read as the current name). */
  notices?: string[];
  /**
   * When every problem is in plugins' sections: the layer without those
   * sections, and the sections as written. A run goes on with them (see
   * {@linkcode loadConfig}); each plugin's own validation then refuses its
   * section, so a broken section turns off its plugin, not the program.
   */
  setAside?: { values: Record<string, unknown>; sections: Record<string, unknown> };
}

/** Every problem of a zod validation, one per issue. */
export function zodProblems(error: z.ZodError, origin: string): ConfigProblem[] {
  return error.issues.map((issue) => {
    const key = issue.path.join(".") || "(root)";
    const keySchema = schemaAt(configSchema(), key);
    const allowed = keySchema ? allowedValues(keySchema) : undefined;
    // zod already lists the options of an enum mismatch; add them for other issues on enum keys.
    const listed = issue.code === "invalid_value";
    return {
      origin,
      key,
      message: issue.message + (allowed && !listed ? ` (allowed: ${allowed.join(", ")})` : ""),
      hint: `fix "${key}" in ${origin}`,
    };
  });
}

/**
 * Validates a raw layer object: schema version, unknown keys, types and ranges.
 * Returns the migrated values when there are no problems.
 */
export function inspectLayer(raw: unknown, origin: string): LayerReport {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return {
      problems: [{
        origin,
        key: "(root)",
        message: "must be a JSON object",
        hint: `make ${origin} an object: {}`,
      }],
    };
  }
  let value: Record<string, unknown>;
  let notices: string[];
  try {
    ({ value, notices } = renameLegacyNames(
      migrateConfig(raw as Record<string, unknown>, origin).value,
      origin,
    ));
  } catch (error) {
    if (!(error instanceof SuperAgentsError)) throw error;
    return {
      problems: [{ origin, key: "schemaVersion", message: error.message, hint: error.hint }],
    };
  }
  const schema = configSchema();
  const unknown = unknownKeys(schema, value).filter(({ key }) => !pluginSection(value, key));
  const problems: ConfigProblem[] = unknown.map(({ key, suggestion }) => ({
    origin,
    key,
    message: "unknown key" + (suggestion ? ` (did you mean "${suggestion}"?)` : ""),
    hint: suggestion
      ? `rename "${key}" to "${suggestion}" in ${origin}`
      : `remove "${key}" from ${origin}; \`super-agents config list\` shows the valid keys`,
  }));
  const result = schema.safeParse(value);
  if (!result.success) problems.push(...zodProblems(result.error, origin));
  if (problems.length) {
    const setAside = setAsidePluginSections(value, problems);
    return setAside ? { problems, setAside } : { problems };
  }
  return notices.length ? { values: value, problems, notices } : { values: value, problems };
}

/** `value` without the plugin sections every one of `problems` is in, if they all are. */
function setAsidePluginSections(
  value: Record<string, unknown>,
  problems: ConfigProblem[],
): LayerReport["setAside"] {
  const contributed = pluginSections();
  const broken = new Set(problems.map(({ key }) => key.split(".")[0]));
  if (![...broken].every((section) => contributed.includes(section))) return undefined;
  const values = Object.fromEntries(Object.entries(value).filter(([key]) => !broken.has(key)));
  if (!configSchema().safeParse(values).success) return undefined;
  const sections = Object.fromEntries([...broken].map((section) => [section, value[section]]));
  return { values, sections };
}

/**
 * Whether `key` is a top-level section no loaded plugin host could vouch
 * for (see `sections.ts`): kept as written for its plugin to validate.
 */
function pluginSection(value: Record<string, unknown>, key: string): boolean {
  if (allSectionsKnown() || key.includes(".")) return false;
  const section = value[key];
  return section !== null && typeof section === "object" && !Array.isArray(section);
}

/** The top-level sections of `merged` a schema without them would drop. */
function unvalidatedSections(merged: Record<string, unknown>): Record<string, unknown> {
  if (allSectionsKnown()) return {};
  const known = new Set(Object.keys(configSchema().shape));
  return Object.fromEntries(
    Object.entries(merged).filter(([key]) => !known.has(key) && pluginSection(merged, key)),
  );
}

/** Reads and checks one config file; no values and no problems when it does not exist. */
export async function inspectConfigFile(path: string): Promise<LayerReport> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { problems: [] };
    const message = `cannot read: ${(error as Error).message}`;
    return {
      problems: [{ origin: path, key: "(file)", message, hint: "check the file's permissions" }],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      problems: [{
        origin: path,
        key: "(syntax)",
        message: `not valid JSON: ${(error as Error).message}`,
        hint: `fix the JSON syntax in ${path}, or delete it to use the defaults`,
      }],
    };
  }
  return inspectLayer(raw, path);
}

/** The error for the first of `problems` (the rest are counted). */
export function problemsError(problems: ConfigProblem[]): SuperAgentsError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return new SuperAgentsError(
    "CONFIG_INVALID",
    `${first.origin}: key "${first.key}": ${first.message}${more}`,
    {
      hint: `${first.hint ?? `fix "${first.key}" in ${first.origin}`}; ` +
        "`super-agents config validate` lists every problem",
      details: { file: first.origin, key: first.key, problems },
    },
  );
}

/** Reads and validates one config file; `undefined` when it does not exist. */
export async function readConfigFile(path: string): Promise<Record<string, unknown> | undefined> {
  const report = await inspectConfigFile(path);
  if (report.problems.length) throw problemsError(report.problems);
  return report.values;
}

/** The environment layer (`SUPER_AGENTS_KM_PORT_MIN`, aliases such as `SUPER_AGENTS_PORT_MIN`). */
export function inspectEnv(ctx: Pick<Context, "env">): LayerReport {
  const flat: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  const variableOf = new Map<string, string>();
  const byEnv = new Map<string, string>(
    knownKeys(configSchema()).map((key) => [envNameOf(key), key]),
  );
  for (const [name, key] of Object.entries(envAliases)) byEnv.set(name, key);
  for (const [name, key] of byEnv) {
    const raw = ctx.env(name);
    if (raw === undefined || raw === "") continue;
    try {
      flat[key] = coerce(raw, key, name);
      variableOf.set(key, name);
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      problems.push({ origin: name, key, message: error.message, hint: error.hint });
    }
  }
  if (problems.length || Object.keys(flat).length === 0) return { problems };
  const report = inspectLayer(expandDotted(flat), "the environment");
  return report.problems.length
    ? {
      problems: report.problems.map((p) => ({
        ...p,
        origin: `${variableOf.get(p.key) ?? envNameOf(p.key)} (environment)`,
        hint: `set ${variableOf.get(p.key) ?? envNameOf(p.key)} to a valid value, or unset it`,
      })),
      ...(report.setAside ? { setAside: report.setAside } : {}),
    }
    : { values: report.values ?? expandDotted(flat), problems: [], notices: report.notices };
}

/** Checks that span keys: each layer can be valid while the combination is not. */
export function crossCheck(config: Config, sources: Record<string, ConfigLayer>): ConfigProblem[] {
  if (config.km.portMin <= config.km.portMax) return [];
  return [{
    origin: `the combined configuration (km.portMin from ${
      sources["km.portMin"]
    }, km.portMax from ${sources["km.portMax"]})`,
    key: "km.portMin",
    message: `km.portMin (${config.km.portMin}) is above km.portMax (${config.km.portMax})`,
    hint: "make the port range non-empty: km.portMin <= km.portMax",
  }];
}

/** Every layer with its report, in precedence order (lowest first). */
export async function inspectLayers(
  ctx: Context,
  options: LoadConfigOptions = {},
): Promise<[ConfigLayer, LayerReport][]> {
  await prepareConfigSchema();
  return [
    ["global", await inspectConfigFile(globalConfigPath(ctx))],
    [
      "project",
      options.projectConfigPath
        ? await inspectConfigFile(options.projectConfigPath)
        : { problems: [] },
    ],
    ["env", inspectEnv(ctx)],
    [
      "flag",
      options.flags
        ? inspectLayer(expandDotted(options.flags), "command-line flags")
        : { problems: [] },
    ],
  ];
}

/**
 * Merges valid layers into the resolved config; throws on any problem in a
 * layer and returns the cross-key problems of the combination.
 */
export function resolveLayers(
  layers: [ConfigLayer, LayerReport][],
): LoadedConfig & { problems: ConfigProblem[] } {
  const problems = layers.flatMap(([, report]) => report.problems);
  if (problems.length) throw problemsError(problems);
  const merged: Record<string, unknown> = {};
  const sources: Record<string, ConfigLayer> = {};
  const schema = configSchema();
  for (const [key] of leafEntries(schema.parse({}))) sources[key] = "default";
  for (const [layer, report] of layers) {
    if (!report.values) continue;
    deepMerge(merged, report.values);
    for (const [key] of leafEntries(report.values)) sources[key] = layer;
  }
  const result = schema.safeParse(merged);
  if (!result.success) throw problemsError(zodProblems(result.error, "the combined configuration"));
  const config = { ...result.data, ...unvalidatedSections(merged) } as Config;
  const notices = layers.flatMap(([, report]) => report.notices ?? []);
  return {
    config,
    sources,
    problems: crossCheck(config, sources),
    ...(notices.length ? { notices } : {}),
  };
}

/**
 * Resolves the configuration for a context.
 *
 * @example
 * ```ts
 * const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
 * console.log(config.km.portMin); // 5001
 * ```
 */
export async function loadConfig(
  ctx: Context,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const warnings: string[] = [];
  const broken: Record<string, unknown> = {};
  const layers = (await inspectLayers(ctx, options)).map(([layer, report]) => {
    if (!report.setAside) return [layer, report] as [ConfigLayer, LayerReport];
    // Only plugins' sections are invalid: this run goes on without their plugins.
    for (const { origin, key, message, hint } of report.problems) {
      warnings.push(
        `super-agents: warning: ${origin}: key "${key}": ${message}; ${hint ?? "fix it"}; ` +
          `the "${key.split(".")[0]}" plugin settings are off for this run`,
      );
    }
    Object.assign(broken, report.setAside.sections);
    return [layer, { values: report.setAside.values, problems: [] }] as [ConfigLayer, LayerReport];
  });
  const resolved = resolveLayers(layers);
  const { sources, problems } = resolved;
  if (problems.length) throw problemsError(problems);
  // As written, so the plugin's own validation refuses it (and its plugin stays off).
  const config = { ...resolved.config, ...broken } as Config;
  const notices = [...warnings, ...(resolved.notices ?? [])];
  printNotices(ctx, notices);
  return notices.length ? { config, sources, notices } : { config, sources };
}

const printed = new Set<string>();

/**
 * Prints each deprecation notice of a loaded configuration on stderr, once
 * per process (a command may load its configuration more than once).
 */
export function printNotices(ctx: Pick<Context, "stderr">, notices: string[] | undefined): void {
  for (const line of notices ?? []) {
    if (printed.has(line)) continue;
    printed.add(line);
    ctx.stderr.write(line + "\n");
  }
}

/**
 * Every problem in every layer (for `config validate`), empty when all is well.
 *
 * @example
 * ```ts
 * for (const p of await validateConfig(ctx, { projectConfigPath })) console.log(p.origin, p.key);
 * ```
 */
export async function validateConfig(
  ctx: Context,
  options: LoadConfigOptions = {},
): Promise<ConfigProblem[]> {
  const layers = await inspectLayers(ctx, options);
  const problems = layers.flatMap(([, report]) => report.problems);
  if (problems.length) return problems;
  return resolveLayers(layers).problems;
}
