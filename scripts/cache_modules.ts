/**
 * `deno run -A scripts/cache_modules.ts [--dev]`: puts every module
 * super-agents may load into Deno's cache, so it can run with
 * `--cached-only` (which keeps a plugin from making Deno fetch npm packages
 * outside its permissions: `core/plugin_host/external/import_containment.ts`).
 * Plugins and workers are loaded lazily, so following `main.ts`'s imports
 * is not enough: every module under the product's folders is listed.
 * `--dev` adds the tests, scripts and examples (the test command runs
 * `deno test --cached-only`). The install runs it for the product.
 * @module
 */

import { join, relative } from "node:path";
import { parseArgs } from "node:util";

/** Folders of the product itself, and the entry files beside them. */
const PRODUCT = ["main.ts", "plugin.ts", "plugin_testing.ts", "core", "plugins", "agents"];
/** What the tests and tools add. */
const DEV = ["scripts", "tests", "examples"];
/** Not modules: data the tests read as text (the secret corpus holds code-looking files). */
const SKIPPED = ["tests/fixtures", "node_modules", "dist"];

async function* typescriptUnder(root: string, path: string): AsyncGenerator<string> {
  const full = join(root, path);
  const stat = await Deno.stat(full).catch(() => undefined);
  if (!stat || SKIPPED.some((skip) => path === skip || path.startsWith(`${skip}/`))) return;
  if (stat.isFile) {
    if (/\.(ts|tsx|js|mjs)$/.test(path)) yield full;
    return;
  }
  for await (const entry of Deno.readDir(full)) {
    yield* typescriptUnder(root, relative(root, join(full, entry.name)));
  }
}

/**
 * The modules to cache under the checkout `root`.
 *
 * @example
 * ```ts
 * (await modulesToCache("/opt/super-agents", false)).includes("/opt/super-agents/main.ts"); // true
 * ```
 */
export async function modulesToCache(root: string, dev: boolean): Promise<string[]> {
  const found: string[] = [];
  for (const path of dev ? [...PRODUCT, ...DEV] : PRODUCT) {
    for await (const module of typescriptUnder(root, path)) found.push(module);
  }
  return found.sort();
}

/**
 * Caches the modules of the checkout `root` with `deno` (its `deno.json`
 * and lockfile); throws with Deno's own message when one cannot be loaded.
 *
 * @example
 * ```ts
 * await cacheModules(Deno.execPath(), "/opt/super-agents", { dev: false });
 * ```
 */
export async function cacheModules(
  deno: string,
  root: string,
  options: { dev: boolean },
): Promise<number> {
  const modules = await modulesToCache(root, options.dev);
  const output = await new Deno.Command(deno, {
    args: ["cache", "--quiet", "--config", join(root, "deno.json"), ...modules],
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`deno cache failed: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
  return modules.length;
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { dev: { type: "boolean" } } });
  const root = new URL("..", import.meta.url).pathname;
  try {
    await cacheModules(Deno.execPath(), root, { dev: values.dev ?? false });
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    console.error("hint: Deno fetches what is missing from npm and JSR; check the network");
    Deno.exit(1);
  }
}
