/**
 * Where a third-party plugin's code comes from. A specifier is a local
 * folder (its `mod.ts`), a local module file, an `https:`/`http:` URL, or a
 * `jsr:`/`npm:` package. `plugins add` resolves a `jsr:` package on its
 * registry to the URL plugin of its version's folder
 * (`plugins/plugin_manager/jsr_package.ts`), and copies an `npm:` package's
 * files (`npm_package.ts`); both then run from their copy. A `jsr` source
 * is that of an entry recorded before, which needs accepting again. Resolving
 * one gives the entry module's URL and the boundary its code may live in:
 * the real path of the folder or file, or the origin modules are imported
 * from. Module references of a plugin must stay inside that boundary
 * ({@linkcode insideSource}), because that is all its workers may load.
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "../../deps.ts";
import { SuperAgentsError } from "../../errors.ts";
import { within } from "../../safe_path.ts";

/** A resolved plugin source, as recorded in the plugins file. */
export const PluginSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.enum(["folder", "file"]),
    /** The real path of the plugin's folder, or of its one module file. */
    root: z.string().min(1).refine(isAbsolute, "an absolute path"),
    entry: z.url({ protocol: /^file$/ }),
  }),
  z.strictObject({
    kind: z.enum(["url", "jsr", "npm"]),
    entry: z.string().min(1).max(2048),
    /** `host[:port]` its modules are imported from. */
    origin: z.string().min(1).max(300),
    /** The URL prefix every module reference must start with. */
    base: z.string().min(1).max(2048),
  }),
]);

/** A resolved plugin source. */
export type PluginSource = z.infer<typeof PluginSourceSchema>;

const MODULE_FILE = /\.(?:ts|mts|js|mjs|tsx|jsx)$/;

function notFound(specifier: string, why: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_NOT_FOUND", `no plugin at ${specifier}: ${why}`, {
    hint: "pass a plugin folder (with a mod.ts), a module file, an https: URL, or jsr:/npm:",
    exitCode: 2,
  });
}

async function localSource(path: string, specifier: string): Promise<PluginSource> {
  let real: string;
  let info: Deno.FileInfo;
  try {
    real = await Deno.realPath(path);
    info = await Deno.stat(real);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw notFound(specifier, "it does not exist");
    throw error;
  }
  if (info.isDirectory) {
    const entry = join(real, "mod.ts");
    const found = await Deno.stat(entry).then((i) => i.isFile, () => false);
    if (!found) throw notFound(specifier, `the folder has no mod.ts`);
    return { kind: "folder", root: real, entry: pathToFileURL(entry).href };
  }
  if (!MODULE_FILE.test(real)) throw notFound(specifier, "it is not a .ts or .js module");
  return { kind: "file", root: real, entry: pathToFileURL(real).href };
}

function remoteSource(url: URL): PluginSource {
  const entry = url.pathname.endsWith("/") ? new URL("mod.ts", url) : url;
  entry.hash = "";
  return {
    kind: "url",
    entry: entry.href,
    origin: entry.host,
    base: `${entry.protocol}//${entry.host}/`,
  };
}

function registrySource(specifier: string): PluginSource {
  if (specifier.startsWith("jsr:")) {
    if (!/^jsr:@[a-z0-9-]+\/[a-z0-9-]+(?:@[^/\s]+)?(?:\/\S*)?$/.test(specifier)) {
      throw notFound(specifier, "a jsr: specifier is jsr:@scope/name[@version][/path]");
    }
    return { kind: "jsr", entry: specifier, origin: "jsr.io", base: "https://jsr.io/" };
  }
  const npm = /^(npm:(?:@[a-z0-9._-]+\/)?[a-z0-9._-]+(?:@[^/\s]+)?)(?:\/\S*)?$/.exec(specifier);
  if (!npm) throw notFound(specifier, "an npm: specifier is npm:[@scope/]name[@version][/path]");
  // An npm package's module references are npm: specifiers of the same package.
  return { kind: "npm", entry: specifier, origin: "registry.npmjs.org", base: `${npm[1]}/` };
}

/**
 * The source a `plugins add` specifier names (`cwd` resolves relative paths).
 *
 * @example
 * ```ts
 * await resolvePluginSource("./hello", "/work"); // { kind: "folder", root: "/work/hello", ... }
 * await resolvePluginSource("https://x.dev/p/mod.ts", "/work"); // { kind: "url", origin: "x.dev", ... }
 * ```
 */
export async function resolvePluginSource(specifier: string, cwd: string): Promise<PluginSource> {
  if (specifier.includes("\0")) throw notFound(JSON.stringify(specifier), "it contains NUL");
  if (specifier.startsWith("jsr:") || specifier.startsWith("npm:")) {
    return registrySource(specifier);
  }
  if (/^https?:\/\//i.test(specifier)) return remoteSource(new URL(specifier));
  if (specifier.startsWith("file:")) return await localSource(fileURLToPath(specifier), specifier);
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier)) {
    throw notFound(specifier, "only local paths, http(s):, jsr: and npm: are supported");
  }
  return await localSource(resolve(cwd, specifier), specifier);
}

/** What to pass to `plugins add` to review the plugin again. */
export function sourceSpecifier(source: PluginSource): string {
  return source.kind === "folder" || source.kind === "file" ? source.root : source.entry;
}

/**
 * Whether the module `url` lies inside the plugin's boundary: under its
 * folder (or its one file) for a local plugin, under its origin otherwise.
 *
 * @example
 * ```ts
 * insideSource(folderSource, "file:///work/hello/hello_command.ts"); // true
 * insideSource(folderSource, "file:///etc/passwd"); // false
 * ```
 */
export function insideSource(source: PluginSource, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // not a URL at all: nothing a worker could load
  }
  if (!("base" in source)) {
    if (parsed.protocol !== "file:" || parsed.search || parsed.hash) return false;
    const path = fileURLToPath(parsed);
    return source.kind === "file" ? path === source.root : within(source.root, path);
  }
  return parsed.href.startsWith(source.base) && !parsed.username && !parsed.password;
}

/** The folder a local plugin's code may be read from (the file's folder is not granted). */
export function localReadPath(source: PluginSource): string | undefined {
  if (source.kind === "folder" || source.kind === "file") return source.root;
  return undefined;
}
