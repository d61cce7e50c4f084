/**
 * A `jsr:` plugin, resolved at `plugins add` to the URL of its module on the
 * registry (`JSR_URL`, as Deno reads it, else https://jsr.io/): the
 * package's `meta.json` names its versions (the latest when none is given),
 * the version's `<version>_meta.json` its exports and the SHA-256 of every
 * file. From there it is added like a URL plugin whose base is that version's
 * folder: copied into the data home and run from the copy, so its workers
 * import nothing, Deno's lockfile is never written, and its executors run in
 * the pool like any plugin's. Every copied file must have the checksum the
 * registry published for it (`verifyCopy`). A package that imports another
 * package (`jsr:@std/…`) does not load from the copy: such an import is
 * outside the plugin's base and is refused at its worker's boundary.
 * @module
 */

import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { bytesDigest } from "../../core/plugin_host/external/integrity.ts";
import type { PluginSource } from "../../core/plugin_host/external/plugin_source.ts";
import type { PluginCode } from "../../core/plugin_host/external/plugins_file.ts";

const FETCH_TIMEOUT_MS = 30_000;
/** The most a registry's JSON answer may hold (jsr.io's largest are well under 1 MB). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
const SPECIFIER = /^jsr:@([a-z0-9-]+)\/([a-z0-9-]+)(?:@([^/\s]+))?(\/\S*)?$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const PackageMetaSchema = z.object({
  latest: z.string().nullish(),
  versions: z.record(z.string(), z.object({ yanked: z.boolean().optional() }).passthrough()),
});

const VersionMetaSchema = z.object({
  exports: z.record(z.string(), z.string()),
  manifest: z.record(
    z.string(),
    z.object({ checksum: z.string().regex(/^sha256-[0-9a-f]{64}$/) }).passthrough(),
  ),
});

/** A `jsr:` plugin resolved to one version on its registry. */
export interface JsrPackage {
  /** `jsr:@scope/name@version[/path]`, the exact version added. */
  pinned: string;
  /** The plugin as a URL source: its entry module, the registry's host, the version's folder. */
  source: Extract<PluginSource, { origin: string }>;
  /** The registry's checksum of every file of the version, by its path (`/mod.ts`). */
  checksums: Record<string, string>;
}

function notFound(specifier: string, why: string, hint?: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_NOT_FOUND", `no plugin at ${specifier}: ${why}`, {
    hint: hint ?? "check the package's name and version on the registry",
    exitCode: 2,
  });
}

/** The registry Deno loads `jsr:` modules from. */
export function jsrRegistry(env: (name: string) => string | undefined): URL {
  const given = env("JSR_URL");
  if (!given) return new URL("https://jsr.io/");
  try {
    const url = new URL(given.endsWith("/") ? given : `${given}/`);
    if (url.protocol === "https:" || url.protocol === "http:") return url;
  } catch {
    // refused below
  }
  throw new SuperAgentsError("PLUGIN_NOT_FOUND", `JSR_URL is not an http(s) URL: ${given}`, {
    hint: "unset JSR_URL, or set it to the registry's base URL (e.g. https://jsr.io/)",
    exitCode: 2,
  });
}

async function fetchJson<T>(
  url: URL,
  schema: z.ZodType<T>,
  specifier: string,
  what: string,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: "error",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SuperAgentsError(
      "PLUGIN_UNREACHABLE",
      `the registry did not answer for ${specifier} (${url.href}): ${(error as Error).message}`,
      { hint: "check the network, or JSR_URL when you use a mirror" },
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw notFound(specifier, `the registry has no ${what}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SuperAgentsError(
      "PLUGIN_UNREACHABLE",
      `the registry answered ${response.status} for ${url.href}`,
      { hint: "try again later" },
    );
  }
  let body: unknown;
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_JSON_BYTES) throw new Error("too large");
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw notFound(specifier, `the registry's ${what} (${url.href}) is not JSON of a sane size`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw notFound(
      specifier,
      `the registry's ${what} (${url.href}) is not valid at ${
        issue.path.join(".") || "its root"
      }: ` +
        issue.message,
    );
  }
  return parsed.data;
}

/**
 * Resolves `jsr:@scope/name[@version][/path]` on the registry.
 *
 * @example
 * ```ts
 * const pkg = await resolveJsrPackage("jsr:@acme/lint", (name) => Deno.env.get(name));
 * pkg.source.entry; // "https://jsr.io/@acme/lint/1.2.0/mod.ts"
 * ```
 */
export async function resolveJsrPackage(
  specifier: string,
  env: (name: string) => string | undefined,
): Promise<JsrPackage> {
  const match = SPECIFIER.exec(specifier);
  if (!match) throw notFound(specifier, "a jsr: specifier is jsr:@scope/name[@version][/path]");
  const [, scope, name, wanted, path] = match;
  const registry = jsrRegistry(env);
  const packageUrl = new URL(`@${scope}/${name}/`, registry);
  let version: string | undefined = wanted;
  if (version !== undefined && !EXACT_VERSION.test(version)) {
    throw notFound(
      specifier,
      `${version} is not an exact version`,
      `name one (jsr:@${scope}/${name}@1.2.3), or none for the latest`,
    );
  }
  if (version === undefined) {
    const meta = await fetchJson(
      new URL("meta.json", packageUrl),
      PackageMetaSchema,
      specifier,
      "package",
    );
    const latest = meta.latest ?? undefined;
    if (!latest || meta.versions[latest]?.yanked) {
      throw notFound(
        specifier,
        "the package has no latest version",
        `name a version: jsr:@${scope}/${name}@1.2.3`,
      );
    }
    // The registry's answer names a version, nothing else: never a path or another host.
    if (!EXACT_VERSION.test(latest)) {
      throw notFound(
        specifier,
        `the registry names ${JSON.stringify(latest)} as its latest version`,
      );
    }
    version = latest;
  }
  const versionMeta = await fetchJson(
    new URL(`${version}_meta.json`, packageUrl),
    VersionMetaSchema,
    specifier,
    `version ${version}`,
  );
  const exportName = path ? `.${path}` : ".";
  const file = versionMeta.exports[exportName];
  if (!file) {
    throw notFound(
      specifier,
      `version ${version} exports no ${exportName} (it exports ${
        Object.keys(versionMeta.exports).join(", ") || "nothing"
      })`,
    );
  }
  const base = new URL(`${version}/`, packageUrl);
  const entry = new URL(file.replace(/^\.\//, ""), base);
  if (!base.href.startsWith(packageUrl.href) || !entry.href.startsWith(base.href)) {
    throw notFound(specifier, `its export ${exportName} (${file}) leaves the version's folder`);
  }
  if (entry.href === base.href || entry.pathname.endsWith("/") || entry.search || entry.hash) {
    throw notFound(specifier, `its export ${exportName} (${file}) is not a module file`);
  }
  const checksums: Record<string, string> = {};
  for (const [file, { checksum }] of Object.entries(versionMeta.manifest)) {
    checksums[file] = checksum;
  }
  return {
    pinned: `jsr:@${scope}/${name}@${version}${path ?? ""}`,
    source: { kind: "url", entry: entry.href, origin: entry.host, base: base.href },
    checksums,
  };
}

async function filesUnder(dir: string, found: string[]): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await filesUnder(path, found);
    else found.push(path);
  }
}

/**
 * Checks every file of the copy against the checksum the registry
 * published for it; a file it did not publish, or one whose bytes differ,
 * fails `add`.
 *
 * @example
 * ```ts
 * await verifyCopy(pkg, code);
 * ```
 */
export async function verifyCopy(pkg: JsrPackage, code: PluginCode): Promise<void> {
  const files: string[] = [];
  await filesUnder(code.root, files);
  for (const file of files) {
    const path = `/${relative(code.root, file).split("\\").join("/")}`;
    const expected = pkg.checksums[path];
    const actual = await bytesDigest(await Deno.readFile(file));
    if (expected === actual) continue;
    throw new SuperAgentsError(
      "PLUGIN_CHANGED",
      expected === undefined
        ? `${pathToFileURL(file).href}: the registry lists no file ${path} in ${pkg.pinned}`
        : `${path} of ${pkg.pinned} is not the file the registry published (its checksum differs)`,
      { hint: "add it again; if it persists, the registry or a mirror serves altered files" },
    );
  }
}
