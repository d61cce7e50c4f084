/**
 * An `npm:` plugin, copied at `plugins add`: Deno fetches the package (from
 * the registry the user's `.npmrc` names, checking the tarball's integrity)
 * into its cache without a lockfile, `deno info` names the package's folder
 * there, and its files are copied into the data home, where the plugin runs
 * from like a URL plugin: its workers import nothing, the install's
 * lockfile is never written (importing `npm:` in the CLI's process would
 * add the package to it), and its executors run in the pool like any
 * plugin's. A package that depends on other packages cannot run from a copy
 * of itself and is refused; bundle its dependencies into it.
 * @module
 */

import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { bytesDigest } from "../../core/plugin_host/external/integrity.ts";
import type { PluginCode } from "../../core/plugin_host/external/plugins_file.ts";
import { runDeno } from "./deno_tool.ts";

const TIMEOUT_MS = 120_000;
const MAX_FILES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

const InfoSchema = z.object({
  roots: z.array(z.string()).min(1),
  redirects: z.record(z.string(), z.string()).optional(),
  npmPackages: z.record(
    z.string(),
    z.object({
      name: z.string(),
      version: z.string(),
      dependencies: z.array(z.string()),
      localPath: z.string().min(1).optional(),
    }),
  ),
});

/** An `npm:` plugin's package as fetched into Deno's cache. */
export interface NpmPackage {
  /** `npm:name@version[/path]`, the exact version added. */
  pinned: string;
  /** The package's folder in Deno's cache. */
  folder: string;
  /** The package's entry module (or the given subpath's), as a path inside `folder`. */
  entry: string;
}

function broken(specifier: string, why: string, hint: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_BROKEN", `the package ${specifier} ${why}`, { hint });
}

function deno(args: string[], specifier: string): Promise<string> {
  return runDeno(args, {
    timeoutMs: TIMEOUT_MS,
    fail: (why) =>
      broken(
        specifier,
        `could not be fetched into Deno's cache: ${why}`,
        "check the specifier and the network",
      ),
  });
}

/** The conditions Deno resolves a package export with (`default` always matches). */
const CONDITIONS = new Set(["deno", "node", "import", "default"]);

/** An export target as Node and Deno resolve it: conditions in the object's own order, arrays in order. */
function exportTarget(value: unknown): string | undefined {
  if (typeof value === "string") return value.startsWith("./") ? value : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = exportTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [condition, target] of Object.entries(value)) {
    if (!CONDITIONS.has(condition)) continue;
    const resolved = exportTarget(target);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

/** The target of `subpath` in an exports map: an exact key, or the longest matching `*` pattern. */
function subpathTarget(map: Record<string, unknown>, subpath: string): string | undefined {
  if (subpath in map) return exportTarget(map[subpath]);
  const patterns = Object.keys(map)
    .filter((key) => key.split("*").length === 2)
    .map((key) => ({ key, prefix: key.split("*")[0], suffix: key.split("*")[1] }))
    .filter(({ prefix, suffix }) =>
      subpath.startsWith(prefix) && subpath.endsWith(suffix) &&
      subpath.length >= prefix.length + suffix.length
    )
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { key, prefix, suffix } of patterns) {
    const target = exportTarget(map[key]);
    if (target === undefined) continue;
    const star = subpath.slice(prefix.length, subpath.length - suffix.length);
    return target.replaceAll("*", star);
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  return await Deno.lstat(path).then((info) => info.isFile, () => false);
}

/** `main` as Node finds it: the file, with `.js`, or the folder's `index.js`. */
async function mainFile(folder: string, main: string): Promise<string | undefined> {
  for (const candidate of [main, `${main}.js`, join(main, "index.js")]) {
    if (await isFile(join(folder, candidate))) return candidate;
  }
  return undefined;
}

/**
 * The module the package exports at `path` (`""` for its entry), read from
 * its package.json as Deno resolves it (`exports`, else `main`, else
 * `index.js`); its code is not run to find it. A path inside `folder`.
 *
 * @example
 * ```ts
 * await packageEntry(pkg.folder, "", "npm:@acme/lint@1.2.0"); // "mod.js"
 * ```
 */
export async function packageEntry(
  folder: string,
  path: string,
  specifier: string,
): Promise<string> {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(folder, "package.json")));
  } catch (error) {
    throw broken(
      specifier,
      `has no readable package.json: ${(error as Error).message}`,
      "publish it with one",
    );
  }
  const subpath = `.${path}`;
  const exports = manifest.exports;
  let target: string | undefined;
  if (exports !== undefined && exports !== null) {
    const sugar = typeof exports === "string" || Array.isArray(exports) ||
      Object.keys(exports).every((key) => !key.startsWith("."));
    target = subpathTarget(sugar ? { ".": exports } : exports as Record<string, unknown>, subpath);
  } else if (path === "") {
    target = await mainFile(folder, typeof manifest.main === "string" ? manifest.main : "index.js");
  } else {
    target = subpath;
  }
  if (target === undefined) {
    throw broken(
      specifier,
      `exports no ${subpath} a Deno import can load`,
      'export the plugin\'s manifest module as a path ("exports": "./mod.js")',
    );
  }
  const entry = relative(folder, join(folder, target));
  if (entry.startsWith("..") || entry === "") {
    throw broken(
      specifier,
      `exports ${target}, outside its package`,
      "export a file of the package",
    );
  }
  if (!await isFile(join(folder, entry))) {
    throw broken(specifier, `exports ${target}, which is not a file of the package`, "publish it");
  }
  return entry;
}

/**
 * Fetches `specifier` into Deno's cache (no config, no lockfile) and finds
 * its folder and entry module.
 *
 * @example
 * ```ts
 * const pkg = await fetchNpmPackage("npm:@acme/lint@1.2.0");
 * pkg.folder; // "/home/me/.cache/deno/npm/registry.npmjs.org/@acme/lint/1.2.0"
 * ```
 */
export async function fetchNpmPackage(specifier: string): Promise<NpmPackage> {
  // `deno cache` downloads the tarball and checks its integrity; `deno info` then names its folder.
  await deno(["cache", "--quiet", "--no-config", "--no-lock", specifier], specifier);
  const info = InfoSchema.safeParse(
    JSON.parse(await deno(["info", "--json", "--no-config", "--no-lock", specifier], specifier)),
  );
  if (!info.success) throw broken(specifier, "was not described by `deno info`", "report it");
  // The root resolves (through a redirect) to `npm:/<name>@<version>[/path]`: that package, no other.
  const root = info.data.redirects?.[info.data.roots[0]] ?? info.data.roots[0];
  const id = /^npm:\/?((?:@[^/@]+\/)?[^/@]+@[^/]+)/.exec(root)?.[1];
  const pkg = id === undefined ? undefined : info.data.npmPackages[id];
  if (!pkg?.localPath) throw broken(specifier, "was not found in Deno's cache", "report it");
  if (pkg.dependencies.length > 0) {
    throw broken(
      specifier,
      `depends on ${pkg.dependencies.join(", ")}; an npm: plugin runs from a copy of its own ` +
        "package, where other packages cannot be imported",
      "bundle the plugin's dependencies into its package, or publish it to JSR or a URL",
    );
  }
  const path = /^npm:(?:@[^/@]+\/)?[^/@]+(?:@[^/]+)?(\/.*)?$/.exec(specifier)?.[1] ?? "";
  const entry = await packageEntry(pkg.localPath, path, specifier);
  return { pinned: `npm:${pkg.name}@${pkg.version}${path}`, folder: pkg.localPath!, entry };
}

async function copyTree(from: string, to: string, budget: { files: number; bytes: number }) {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymlink) {
      throw new SuperAgentsError("PLUGIN_SYMLINK", `${source} is a symbolic link`, {
        hint: "publish the package without symbolic links",
      });
    }
    budget.files++; // folders count too: a package of a million empty folders is refused
    if (entry.isDirectory) {
      await copyTree(source, target, budget);
      continue;
    }
    if (!entry.isFile) continue;
    budget.bytes += (await Deno.lstat(source)).size; // before reading it
    if (budget.files > MAX_FILES || budget.bytes > MAX_BYTES) {
      throw new SuperAgentsError(
        "PLUGIN_TOO_LARGE",
        `the package at ${source} holds more than ${MAX_FILES} files or ${MAX_BYTES >> 20} MB`,
        { hint: "publish the plugin's own files only" },
      );
    }
    await Deno.writeFile(target, await Deno.readFile(source), { createNew: true });
  }
}

/**
 * Copies the package's files into `root` (a new copy folder); returns the
 * copy with its entry module.
 *
 * @example
 * ```ts
 * const code = await copyNpmPackage(pkg, "/home/me/.super-agents/plugin-code/npm-acme-1a2b");
 * ```
 */
export async function copyNpmPackage(pkg: NpmPackage, root: string): Promise<PluginCode> {
  await copyTree(pkg.folder, root, { files: 0, bytes: 0 });
  return { root, entry: pathToFileURL(join(root, pkg.entry)).href };
}

async function filesOf(dir: string, found: string[]): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await filesOf(path, found);
    else if (entry.isFile) found.push(path); // JSON and Wasm can be imported too
  }
}

/**
 * The digest of every file of a copied package, by file URL: its
 * executors' workers compare them before importing any (`executor_worker.ts`).
 *
 * @example
 * ```ts
 * const modules = await copyDigests(code);
 * ```
 */
export async function copyDigests(code: PluginCode): Promise<Record<string, string>> {
  const files: string[] = [];
  await filesOf(code.root, files);
  const digests: Record<string, string> = {};
  for (const file of files.sort()) {
    digests[pathToFileURL(file).href] = await bytesDigest(await Deno.readFile(file));
  }
  return digests;
}
