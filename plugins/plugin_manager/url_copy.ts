/**
 * A URL plugin is fetched once, at `plugins add`, into a folder of the data
 * home, and runs from that copy: what runs is what the user reviewed, a
 * server that changes its code later changes nothing until the plugin is
 * added again, and no module is fetched while a job runs (where Deno's
 * cache and lockfile would pin, or refuse, whatever it fetched first).
 * Each module's graph is loaded by Deno itself (`deno info --json`) with an
 * import grant of exactly the plugin's origin, into a temporary cache;
 * every module under the plugin's base URL is written into the copy at its
 * path, so relative imports resolve inside it. A module of the origin that
 * cannot be loaded fails `add`; one of another origin is not copied, and is
 * refused at the worker's boundary when imported. An executor may not
 * import `npm:` (Deno resolves it outside a worker's grants, and reading the
 * graph may already have fetched its metadata); the SHA-256 of every module
 * of an executor's graph is recorded, and its pool worker compares them
 * before importing any (`executor_worker.ts`).
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";
import { runDeno } from "./deno_tool.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "../../core/deps.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { bytesDigest } from "../../core/plugin_host/external/integrity.ts";
import type { PluginCode } from "../../core/plugin_host/external/plugins_file.ts";
import type { PluginSource } from "../../core/plugin_host/external/plugin_source.ts";
import { within } from "../../core/safe_path.ts";

const GRAPH_TIMEOUT_MS = 60_000;
const MAX_MODULES = 500;

/** What `deno info --json` says, as far as it is read here. */
const DenoInfoSchema = z.object({
  modules: z.array(z.object({
    specifier: z.string(),
    kind: z.string().optional(),
    local: z.string().optional(),
    error: z.string().optional(),
  })).max(MAX_MODULES),
  redirects: z.record(z.string(), z.string()).optional(),
});

/** The cache's own trailer after a remote module's source (Deno 2's cache format). */
const CACHE_TRAILER = "\n// denoCacheMetadata=";

/** A plugin source with an origin (a URL plugin here). */
export type UrlSource = Extract<PluginSource, { origin: string }>;

function loadError(what: string, module: string, why: string): SuperAgentsError {
  return new SuperAgentsError(
    "PLUGIN_BROKEN",
    `the ${what} ${module} could not be loaded: ${why}`,
    { hint: "serve every module the plugin imports from the plugin's own origin" },
  );
}

/** Where `needle` last occurs in `bytes`, or -1. */
function lastIndexOfBytes(bytes: Uint8Array, needle: Uint8Array): number {
  outer: for (let at = bytes.length - needle.length; at >= 0; at--) {
    for (let i = 0; i < needle.length; i++) if (bytes[at + i] !== needle[i]) continue outer;
    return at;
  }
  return -1;
}

/**
 * The source of a cached remote module, byte for byte (a BOM or any byte
 * sequence kept), without the cache's trailer (checked against its length).
 */
async function cachedSource(path: string, fail: (why: string) => Error) {
  const bytes = await Deno.readFile(path);
  const at = lastIndexOfBytes(bytes, new TextEncoder().encode(CACHE_TRAILER));
  if (at < 0) return bytes;
  const source = bytes.slice(0, at);
  const trailer = new TextDecoder().decode(bytes.subarray(at + CACHE_TRAILER.length));
  let parsed: unknown;
  try {
    parsed = JSON.parse(trailer);
  } catch {
    throw fail("its cached copy has a damaged trailer");
  }
  const metadata = z.object({ headers: z.record(z.string(), z.string()).optional() })
    .safeParse(parsed);
  const length = metadata.success ? metadata.data.headers?.["content-length"] : undefined;
  if (length !== undefined && Number(length) !== source.length) {
    throw fail("its cached copy does not match the length the server sent");
  }
  return source;
}

async function graphOf(module: string, origin: string, cache: string, fail: (w: string) => Error) {
  const stdout = await runDeno(
    ["info", "--json", "--no-config", "--no-lock", `--allow-import=${origin}`, module],
    { env: { DENO_DIR: cache }, timeoutMs: GRAPH_TIMEOUT_MS, fail },
  );
  const parsed = DenoInfoSchema.safeParse(JSON.parse(stdout));
  if (!parsed.success) throw fail("its module graph could not be read");
  return parsed.data;
}

/** One module (a URL under the plugin's base) to copy, and what to call it in errors. */
export interface ModuleToCopy {
  url: string;
  what: "module" | "executor module";
}

/**
 * Copies the graphs of `modules` into `code.root`; returns the digest of
 * every copied module of an executor's graph, by its URL in the copy.
 *
 * @example
 * ```ts
 * await copyModules(source, code, [{ url: source.entry, what: "module" }]);
 * ```
 */
export async function copyModules(
  source: UrlSource,
  code: PluginCode,
  modules: ModuleToCopy[],
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  const cache = await Deno.makeTempDir({ prefix: "super-agents-plugin-graph-" });
  try {
    for (const { url, what } of modules) {
      const fail = (why: string) => loadError(what, url, why);
      let graph;
      let redirects: Record<string, string>;
      try {
        ({ modules: graph, redirects = {} } = await graphOf(url, source.origin, cache, fail));
      } catch (error) {
        if (error instanceof SuperAgentsError) throw error;
        throw fail(errorMessage(error));
      }
      // A copy holds each module at its own path: a redirect would leave an import pointing nowhere.
      const redirected = Object.entries(redirects).find(([from]) => from.startsWith(source.base));
      if (redirected) {
        const [from, to] = redirected;
        throw fail(
          from === url
            ? `it redirects to ${to}: add the plugin by that URL`
            : `${from} redirects to ${to}; serve the plugin's modules without redirects`,
        );
      }
      const npm = graph.find((found) => found.kind === "npm" || found.specifier.startsWith("npm:"));
      if (npm && what === "executor module") {
        throw fail(
          `it imports ${npm.specifier.replace(/^npm:\/?/, "npm:")}; Deno resolves npm: imports ` +
            "outside a worker's import grant, so an executor of a URL plugin may import only " +
            "modules of its own origin",
        );
      }
      for (const found of graph) {
        if (!found.specifier.startsWith(source.base)) continue;
        if (found.error !== undefined || found.local === undefined) {
          throw fail(`${found.specifier}: ${found.error ?? "not loaded"}`);
        }
        if (!within(cache, found.local)) {
          throw fail(`${found.specifier} was not loaded into the graph's cache`);
        }
        const copy = copyPath(source, code, found.specifier);
        const bytes = await cachedSource(found.local, fail);
        const already = await Deno.readFile(copy).catch(() => undefined);
        if (already && !sameBytes(already, bytes)) {
          // The first fetch is what the review read: a server that answers differently now fails.
          throw new SuperAgentsError(
            "PLUGIN_CHANGED",
            `${found.specifier} changed on its server while the plugin was read`,
            { hint: "add it again once it stops changing" },
          );
        }
        if (!already) {
          await Deno.mkdir(dirname(copy), { recursive: true });
          await Deno.writeFile(copy, bytes, { createNew: true });
        }
        if (what === "executor module") {
          digests[pathToFileURL(copy).href] = await bytesDigest(bytes);
        }
      }
      if (!graph.some((found) => found.specifier === url)) {
        throw fail("it is not in its own module graph");
      }
    }
  } finally {
    await Deno.remove(cache, { recursive: true }).catch(() => {});
  }
  return digests;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Where the module `url` (under the plugin's base) lies in the copy. */
export function copyPath(source: UrlSource, code: PluginCode, url: string): string {
  const parsed = new URL(url);
  if (parsed.search || parsed.hash) {
    // Two URLs of one path would be one file of the copy.
    throw loadError("module", url, "a module URL with a query or a fragment cannot be copied");
  }
  const path = decodeURIComponent(parsed.pathname);
  const base = decodeURIComponent(new URL(source.base).pathname); // decoded like the path
  if (!path.startsWith(base)) {
    throw loadError("module", url, "its path leaves the plugin's base URL");
  }
  const rel = path.slice(base.length);
  const target = join(code.root, rel);
  if (rel === "" || rel.endsWith("/")) {
    throw loadError("module", url, "it names a folder, not a module file");
  }
  if (!within(code.root, target)) {
    throw loadError("module", url, "its path leaves the plugin's base URL");
  }
  return target;
}

/** The URL under the plugin's base that the copied module `fileUrl` came from. */
export function originalUrl(source: UrlSource, code: PluginCode, fileUrl: string): string {
  const rel = relative(code.root, fileURLToPath(fileUrl));
  return new URL(rel.split("/").map(encodeURIComponent).join("/"), source.base).href;
}

/**
 * A new, empty folder in the data home's `plugin-code/` for a plugin's
 * copy, named after `label` (an origin, a package) and made unique.
 *
 * @example
 * ```ts
 * const root = await newCopyFolder(ctx.dataHome, "npm-@acme/lint@1.2.0");
 * ```
 */
export async function newCopyFolder(dataHome: string, label: string): Promise<string> {
  const parent = join(dataHome, "plugin-code");
  await Deno.mkdir(parent, { recursive: true });
  const prefix = label.replace(/[^a-zA-Z0-9.-]/g, "_").slice(0, 60);
  return await Deno.makeTempDir({ dir: parent, prefix: `${prefix}-` });
}

/**
 * A new, empty folder for a copy of `source` in the data home, and the
 * file URL its entry module will have.
 *
 * @example
 * ```ts
 * const code = await newCopy(source, "/home/me/.super-agents");
 * ```
 */
export async function newCopy(source: UrlSource, dataHome: string): Promise<PluginCode> {
  copyPath(source, { root: "/copy/of/plugin", entry: "" }, source.entry); // refused before a folder exists
  const root = await newCopyFolder(dataHome, source.origin);
  const code: PluginCode = { root, entry: "" };
  return { root, entry: pathToFileURL(copyPath(source, code, source.entry)).href };
}

/**
 * Deletes a copy made by {@linkcode newCopy}; a recorded path anywhere else
 * (a plugins file edited by hand) is left alone.
 *
 * @example
 * ```ts
 * await removeCopy(code, ctx.dataHome); // an add that did not finish
 * ```
 */
export async function removeCopy(code: PluginCode | undefined, dataHome: string): Promise<void> {
  if (!code) return;
  if (resolve(dirname(code.root)) !== resolve(dataHome, "plugin-code")) return;
  await Deno.remove(code.root, { recursive: true }).catch(() => {});
}
