/**
 * Layered configuration: built-in defaults < global config
 * (`~/.super-agents/config.json`) < project `.claude/config.json` <
 * environment (`SUPER_AGENTS_*`) < flags. Each layer is validated on its own so
 * an error names the file (or variable) and the key; `sources` records which
 * layer every value came from (`config list`).
 * @module
 */

import { join } from "node:path";
import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";
import type { z } from "../deps.ts";
import { type Config, ConfigFileSchema, ConfigSchema, envAliases } from "./schema.ts";

/** Where a configuration value came from. */
export type ConfigLayer = "default" | "global" | "project" | "env" | "flag";

/** The resolved configuration and the layer of each leaf key. */
export interface LoadedConfig {
  config: Config;
  sources: Record<string, ConfigLayer>;
}

/** Options for {@linkcode loadConfig}. */
export interface LoadConfigOptions {
  /** Project `.claude/config.json`, when inside a project. */
  projectConfigPath?: string;
  /** Dotted-key overrides from command-line flags. */
  flags?: Record<string, unknown>;
}

/** The global config file (per user). */
export function globalConfigPath(ctx: Pick<Context, "dataHome">): string {
  return join(ctx.dataHome, "config.json");
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
  const merged: Record<string, unknown> = {};
  const sources: Record<string, ConfigLayer> = {};
  for (const [key] of leafEntries(ConfigSchema.parse({}))) sources[key] = "default";
  const layers: [ConfigLayer, Record<string, unknown> | undefined][] = [
    ["global", await readConfigFile(globalConfigPath(ctx))],
    [
      "project",
      options.projectConfigPath ? await readConfigFile(options.projectConfigPath) : undefined,
    ],
    ["env", envLayer(ctx)],
    ["flag", options.flags ? expandDotted(options.flags) : undefined],
  ];
  for (const [layer, values] of layers) {
    if (!values) continue;
    deepMerge(merged, values);
    for (const [key] of leafEntries(values)) sources[key] = layer;
  }
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) throw configError(result.error, "the combined configuration");
  return { config: result.data, sources };
}

/** Reads and validates one config file; `undefined` when it does not exist. */
export async function readConfigFile(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new SuperAgentsError("CONFIG_UNREADABLE", `cannot read ${path}: ${error}`, {
      hint: "check the file's permissions",
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SuperAgentsError(
      "CONFIG_INVALID",
      `${path} is not valid JSON: ${(error as Error).message}`,
      {
        hint: `fix the JSON syntax in ${path}, or delete it to use the defaults`,
        details: { file: path },
      },
    );
  }
  const fileResult = ConfigFileSchema.safeParse(raw);
  if (!fileResult.success) throw configError(fileResult.error, path);
  // Validate the file's values against the full schema on their own, so an error names this file.
  const full = ConfigSchema.safeParse(raw);
  if (!full.success) throw configError(full.error, path);
  return fileResult.data as Record<string, unknown>;
}

function envLayer(ctx: Context): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  const keys = [...leafEntries(ConfigSchema.parse({}))].map(([key]) => key);
  const byEnv = new Map<string, string>(keys.map((key) => [envNameOf(key), key]));
  for (const [name, key] of Object.entries(envAliases)) byEnv.set(name, key);
  for (const [name, key] of byEnv) {
    const raw = ctx.env(name);
    if (raw === undefined || raw === "") continue;
    values[key] = coerce(raw, key, name);
  }
  return Object.keys(values).length ? expandDotted(values) : undefined;
}

/** `km.portMin` → `SUPER_AGENTS_KM_PORT_MIN`. */
export function envNameOf(key: string): string {
  return "SUPER_AGENTS_" +
    key.replace(/\./g, "_").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/** Parses a string from the environment or `config set` into the key's type. */
export function coerce(raw: string, key: string, origin: string): unknown {
  const sample = getDotted(ConfigSchema.parse({}), key);
  if (typeof sample === "number") {
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      throw new SuperAgentsError(
        "CONFIG_INVALID",
        `${origin}: "${raw}" is not a number (key ${key})`,
        {
          hint: `set ${origin} to a number, e.g. ${sample}`,
        },
      );
    }
    return value;
  }
  if (typeof sample === "boolean") {
    if (!["true", "false", "1", "0"].includes(raw)) {
      throw new SuperAgentsError(
        "CONFIG_INVALID",
        `${origin}: "${raw}" is not true or false (key ${key})`,
        {
          hint: `set ${origin} to true or false`,
        },
      );
    }
    return raw === "true" || raw === "1";
  }
  return raw;
}

function configError(error: z.ZodError, origin: string): SuperAgentsError {
  const issue = error.issues[0];
  const key = issue.path.join(".") || "(root)";
  const allowed = "values" in issue && Array.isArray(issue.values)
    ? ` (allowed: ${issue.values.join(", ")})`
    : "";
  return new SuperAgentsError(
    "CONFIG_INVALID",
    `${origin}: key "${key}": ${issue.message}${allowed}`,
    {
      hint:
        `fix "${key}" in ${origin}, or run \`super-agents config validate\` to see every problem`,
      details: {
        file: origin,
        key,
        issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    },
  );
}

/** Every leaf of a nested object as `[dotted key, value]`. */
export function* leafEntries(value: unknown, prefix = ""): Generator<[string, unknown]> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      yield* leafEntries(child, prefix ? `${prefix}.${key}` : key);
    }
  } else if (prefix) {
    yield [prefix, value];
  }
}

/** Reads a dotted key from a nested object. */
export function getDotted(value: unknown, key: string): unknown {
  let current = value;
  for (const part of key.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** `{ "a.b": 1 }` → `{ a: { b: 1 } }`. */
export function expandDotted(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      value && typeof value === "object" && !Array.isArray(value) &&
      existing && typeof existing === "object" && !Array.isArray(existing)
    ) {
      deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}
