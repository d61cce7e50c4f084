/**
 * Test support: an npm registry on loopback for one scope (a test points
 * `@<scope>:registry=` at it in the temp HOME's `.npmrc`): the packument of
 * each package and its tarball, built with the system's `tar` from the
 * files given (under `package/`, as npm packs them). `corrupt` makes it
 * serve a tarball other than the one whose integrity its packument lists.
 * @module
 */

import { join } from "node:path";

/** One package version: its files by path (`package.json` included) and its dependencies. */
export interface FakeNpmPackage {
  name: string;
  version: string;
  files: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** A running fake registry; `paths` lists what was asked. */
export interface FakeNpm {
  url: string;
  paths: string[];
  /** Serves a different tarball for `name` from now on (its listed integrity stays). */
  corrupt(name: string): void;
  close(): Promise<void>;
}

async function tarball(pkg: FakeNpmPackage): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await Deno.makeTempDir({ prefix: "fake-npm-" });
  try {
    for (const [path, text] of Object.entries(pkg.files)) {
      const file = join(dir, "package", path);
      await Deno.mkdir(join(file, ".."), { recursive: true });
      await Deno.writeTextFile(file, text);
    }
    const out = join(dir, "package.tgz");
    const tar = await new Deno.Command("tar", { args: ["czf", out, "package"], cwd: dir }).output();
    if (!tar.success) throw new Error(`tar failed: ${new TextDecoder().decode(tar.stderr)}`);
    return await Deno.readFile(out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function digest(algorithm: string, bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, bytes));
}

/**
 * Starts a registry serving `packages`.
 *
 * @example
 * ```ts
 * const npm = await startFakeNpm([{ name: "@acme/probe", version: "1.0.0", files }]);
 * await Deno.writeTextFile(join(home, ".npmrc"), `@acme:registry=${npm.url}\n`);
 * ```
 */
export async function startFakeNpm(packages: FakeNpmPackage[]): Promise<FakeNpm> {
  const paths: string[] = [];
  const corrupted = new Set<string>();
  const tarballs = new Map<string, Uint8Array<ArrayBuffer>>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = decodeURIComponent(new URL(request.url).pathname);
    paths.push(path);
    const body = tarballs.get(path);
    if (body) {
      const name = path.split("/-/")[0].slice(1);
      const bytes = corrupted.has(name) ? body.slice().reverse() : body;
      return new Response(bytes, { headers: { "content-type": "application/octet-stream" } });
    }
    const packument = packuments.get(path.slice(1));
    return packument ? Response.json(packument) : new Response("not found", { status: 404 });
  });
  const url = `http://127.0.0.1:${server.addr.port}/`;
  const packuments = new Map<string, Record<string, unknown>>();
  for (const pkg of packages) {
    const bytes = await tarball(pkg);
    const file = `/${pkg.name}/-/${pkg.name.split("/").pop()}-${pkg.version}.tgz`;
    tarballs.set(file, bytes);
    const sha512 = btoa(String.fromCharCode(...await digest("SHA-512", bytes)));
    const shasum = Array.from(await digest("SHA-1", bytes), (b) => b.toString(16).padStart(2, "0"))
      .join("");
    const packument = packuments.get(pkg.name) ??
      { name: pkg.name, "dist-tags": {}, versions: {} as Record<string, unknown> };
    (packument.versions as Record<string, unknown>)[pkg.version] = {
      name: pkg.name,
      version: pkg.version,
      dependencies: pkg.dependencies ?? {},
      dist: { tarball: new URL(file.slice(1), url).href, integrity: `sha512-${sha512}`, shasum },
    };
    (packument["dist-tags"] as Record<string, string>).latest = pkg.version;
    packuments.set(pkg.name, packument);
  }
  return {
    url,
    paths,
    corrupt: (name) => void corrupted.add(name),
    close: () => server.shutdown(),
  };
}
