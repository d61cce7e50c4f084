/**
 * The digests `plugins add` records for the executors of a URL plugin: the
 * SHA-256 of every module of each executor's static import graph (dynamic
 * imports with a literal specifier included) that lies under the plugin's
 * origin, as Deno's own module graph (`deno info --json`) finds it. The
 * graph is loaded with an import grant of exactly the plugin's origin, into
 * a temporary cache (so the CLI's cache is not filled with code nobody ran
 * yet): a module of another origin is not fetched, and fails at run time
 * anyway. A module of the origin that cannot be loaded fails `add`, since
 * it would be loaded unchecked later, and so does an `npm:` import (Deno
 * resolves those outside a worker's import grant; reading the graph may
 * already have fetched the package's metadata from the npm registry). The executor's pool worker compares
 * every recorded module with its digest before importing any
 * (`executor_worker.ts`). Where no `deno` executable runs the CLI (a
 * compiled binary), only the executor modules themselves are recorded.
 * @module
 */

import { basename, relative } from "node:path";
import { z } from "../../core/deps.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { bytesDigest, urlDigest } from "../../core/plugin_host/external/integrity.ts";
import type { PluginSource } from "../../core/plugin_host/external/plugin_source.ts";

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
});

/** The cache's own trailer after a remote module's source (Deno 2's cache format). */
const CACHE_TRAILER = "\n// denoCacheMetadata=";

function graphError(module: string, why: string): SuperAgentsError {
  return new SuperAgentsError(
    "PLUGIN_BROKEN",
    `the executor module ${module} could not be loaded: ${why}`,
    { hint: "serve every module the executor imports from the plugin's own origin" },
  );
}

/** The source of a cached remote module, without the cache's trailer (checked against its length). */
async function cachedSource(path: string, module: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await Deno.readFile(path);
  const text = new TextDecoder().decode(bytes);
  const at = text.lastIndexOf(CACHE_TRAILER);
  if (at < 0) return bytes;
  const source = new TextEncoder().encode(text.slice(0, at));
  const metadata = z.object({ headers: z.record(z.string(), z.string()).optional() })
    .safeParse(JSON.parse(text.slice(at + CACHE_TRAILER.length)) as unknown);
  const length = metadata.success ? metadata.data.headers?.["content-length"] : undefined;
  if (length !== undefined && Number(length) !== source.length) {
    throw graphError(module, "its cached copy does not match the length the server sent");
  }
  return source;
}

async function graphOf(deno: string, module: string, origin: string, cache: string) {
  const output = await new Deno.Command(deno, {
    args: ["info", "--json", "--no-config", "--no-lock", `--allow-import=${origin}`, module],
    env: { DENO_DIR: cache, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
  }).output();
  if (!output.success) {
    throw graphError(module, new TextDecoder().decode(output.stderr).trim().slice(0, 500));
  }
  const parsed = DenoInfoSchema.safeParse(JSON.parse(new TextDecoder().decode(output.stdout)));
  if (!parsed.success) throw graphError(module, "its module graph could not be read");
  return parsed.data.modules;
}

/** The `deno` executable that runs the CLI, if it is one. */
function denoExecutable(): string | undefined {
  const path = Deno.execPath();
  return /^deno(?:\.exe)?$/.test(basename(path)) ? path : undefined;
}

/**
 * The digests of the executors' module graphs of a URL plugin (`undefined`
 * for other kinds: a folder's digest covers its files, registry packages
 * have no executors).
 *
 * @example
 * ```ts
 * await executorGraphDigests(urlSource, ["http://127.0.0.1:8080/execute.ts"]);
 * // { "http://127.0.0.1:8080/execute.ts": "sha256-...", "http://127.0.0.1:8080/helper.ts": "sha256-..." }
 * ```
 */
export async function executorGraphDigests(
  source: PluginSource,
  modules: string[],
): Promise<Record<string, string> | undefined> {
  if (source.kind !== "url" || modules.length === 0) return undefined;
  const digests: Record<string, string> = {};
  const deno = denoExecutable();
  if (!deno) {
    for (const module of modules) digests[module] = await urlDigest(module);
    return digests;
  }
  const cache = await Deno.makeTempDir({ prefix: "super-agents-plugin-graph-" });
  try {
    for (const module of modules) {
      let graph;
      try {
        graph = await graphOf(deno, module, source.origin, cache);
      } catch (error) {
        if (error instanceof SuperAgentsError) throw error;
        throw graphError(module, errorMessage(error));
      }
      const npm = graph.find((found) => found.kind === "npm" || found.specifier.startsWith("npm:"));
      if (npm) {
        throw graphError(
          module,
          `it imports ${npm.specifier.replace(/^npm:\/?/, "npm:")}; Deno resolves npm: imports ` +
            "outside a worker's import grant, so an executor of a URL plugin may import only " +
            "modules of its own origin",
        );
      }
      for (const found of graph) {
        if (!found.specifier.startsWith(source.base) || digests[found.specifier]) continue;
        if (found.error !== undefined || found.local === undefined) {
          throw graphError(module, `${found.specifier}: ${found.error ?? "not loaded"}`);
        }
        if (relative(cache, found.local).startsWith("..")) {
          throw graphError(module, `${found.specifier} was not loaded into the graph's cache`);
        }
        digests[found.specifier] = await bytesDigest(
          await cachedSource(found.local, found.specifier),
        );
      }
      if (!digests[module]) throw graphError(module, "it is not in its own module graph");
    }
  } finally {
    await Deno.remove(cache, { recursive: true }).catch(() => {});
  }
  return digests;
}
