/**
 * {@linkcode loadConfig} behind a cache of its result, for commands on the
 * start-up path (`start`). Importing zod, building the config schema and
 * parsing the layers costs ~40-60 ms of a command that otherwise takes ~100
 * ms; when none of the inputs changed, the last result is reused without
 * loading zod. The fingerprint covers every input of `loadConfig`: the
 * program (its version and the size and time of the config modules), the global and
 * project config files, the `SUPER_AGENTS_*` variables it reads, and the
 * flags. The cache file (`<dataHome>/cache/config-<id>.json`) also records a
 * digest of its own content, so an edited or damaged cache is ignored; any
 * failure to read or write it falls back to `loadConfig`. Runs from a remote
 * URL (where the module sources cannot be read cheaply) are not cached.
 * @module
 */

import { writeFileAtomic } from "../atomic_file.ts";
import { importModule } from "../lazy_import.ts";
import { globalConfigFile } from "./global_config_file.ts";
import type { Context } from "../context.ts";
import { join } from "../light_path.ts";
import { VERSION } from "../version.ts";
import type { LoadConfigOptions, LoadedConfig } from "./load.ts";

/** The modules whose code decides what `loadConfig` returns. */
const SOURCES = [
  "./schema.ts",
  "./sections.ts",
  "./load.ts",
  "./keys.ts",
  "./migrate.ts",
  "./renamed_names.ts",
  "../router/models_config.ts",
];

interface CacheFile {
  version: 1;
  fingerprint: string;
  /** The environment variables the loader consults (known only once the schema is loaded). */
  envNames: string[];
  loaded: LoadedConfig;
  /** SHA-256 of `fingerprint` + `envNames` + `loaded`, to detect an edited or damaged cache. */
  digest: string;
}

/**
 * Resolves the configuration like `loadConfig`, reusing the last result when
 * no input changed.
 *
 * @example
 * ```ts
 * const { config } = await loadConfigCached(ctx, { projectConfigPath: paths.config });
 * ```
 */
export async function loadConfigCached(
  ctx: Context,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const stamp = programStamp();
  const cachePath = join(
    ctx.dataHome,
    "cache",
    `config-${await sha256(options.projectConfigPath ?? "")}.json`,
  );
  const cached = stamp === undefined ? undefined : readCache(cachePath);
  if (cached && stamp !== undefined) {
    const fingerprint = await fingerprintOf(ctx, options, stamp, cached.envNames);
    if (fingerprint === cached.fingerprint && await digestOf(cached) === cached.digest) {
      for (const line of cached.loaded.notices ?? []) ctx.stderr.write(line + "\n");
      return cached.loaded;
    }
  }
  const { loadConfig } = await importModule<typeof import("./load.ts")>(
    new URL("./load.ts", import.meta.url),
  );
  const loaded = await loadConfig(ctx, options);
  if (stamp !== undefined) {
    const envNames = await consultedEnvNames();
    const fingerprint = await fingerprintOf(ctx, options, stamp, envNames);
    const file: CacheFile = { version: 1, fingerprint, envNames, loaded, digest: "" };
    file.digest = await digestOf(file);
    try {
      await Deno.mkdir(join(ctx.dataHome, "cache"), { recursive: true });
      await writeFileAtomic(cachePath, JSON.stringify(file), { mode: 0o600 });
    } catch (error) {
      // A cache that cannot be written only costs the next run the full load.
      if (
        !(error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotFound)
      ) {
        throw error;
      }
    }
  }
  return loaded;
}

/** The program's part of the fingerprint, or undefined when its sources are not local files. */
function programStamp(): string | undefined {
  if (new URL(import.meta.url).protocol !== "file:") return undefined;
  try {
    // Each source's size and modification time (ns on the file systems we run on), not its
    // text: five stats instead of reading and hashing ~40 KB on every start.
    return [
      VERSION,
      ...SOURCES.map((path) => {
        const info = Deno.statSync(new URL(path, import.meta.url));
        return `${path}:${info.size}:${info.mtime?.getTime()}:${info.ino ?? ""}`;
      }),
    ]
      .join("\0");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // an unusual layout: no cache
    throw error;
  }
}

async function fingerprintOf(
  ctx: Context,
  options: LoadConfigOptions,
  stamp: string,
  envNames: string[],
): Promise<string> {
  return await sha256(JSON.stringify([
    stamp,
    readOptional(globalConfigFile(ctx)),
    options.projectConfigPath === undefined ? null : readOptional(options.projectConfigPath),
    envNames.map((name) => ctx.env(name) ?? null),
    options.flags ?? null,
  ]));
}

function digestOf(file: CacheFile): Promise<string> {
  return sha256(JSON.stringify([file.fingerprint, file.envNames, file.loaded]));
}

async function consultedEnvNames(): Promise<string[]> {
  // Through importModule: a literal import() here would make Deno load zod's graph whenever
  // this module is imported, which is exactly what the cache exists to avoid.
  const [{ ConfigSchema, envAliases }, { knownKeys }, { envNameOf }] = await Promise.all([
    importModule<typeof import("./schema.ts")>(new URL("./schema.ts", import.meta.url)),
    importModule<typeof import("./schema_walk.ts")>(new URL("./schema_walk.ts", import.meta.url)),
    importModule<typeof import("./keys.ts")>(new URL("./keys.ts", import.meta.url)),
  ]);
  const names = new Set(knownKeys(ConfigSchema).map(envNameOf));
  for (const name of Object.keys(envAliases)) names.add(name);
  return [...names].sort();
}

function readCache(path: string): CacheFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Deno.readTextFileSync(path));
  } catch (error) {
    // No cache yet, or one cut short: the full load rewrites it.
    if (error instanceof Deno.errors.NotFound || error instanceof SyntaxError) return undefined;
    throw error;
  }
  const file = value as Partial<CacheFile> | null;
  const ok = file !== null && typeof file === "object" && file.version === 1 &&
    typeof file.fingerprint === "string" && typeof file.digest === "string" &&
    Array.isArray(file.envNames) && file.envNames.every((name) => typeof name === "string") &&
    file.loaded !== null && typeof file.loaded === "object";
  return ok ? file as CacheFile : undefined;
}

function readOptional(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null; // an absent layer is an input too
    throw error;
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export { globalConfigFile };
