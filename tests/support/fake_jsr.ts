/**
 * Test support: a JSR registry on loopback, as Deno and `plugins add` read
 * one (`JSR_URL`): `/@scope/name/meta.json` (versions, latest),
 * `/@scope/name/<version>_meta.json` (exports, and the SHA-256 of every
 * file) and the files under `/@scope/name/<version>/`. `tamper` makes it
 * serve a file other than the one its checksum was published for, as a
 * compromised mirror would.
 * @module
 */

/** One package version: its files by path (`/mod.ts`) and its exports. */
export interface FakePackage {
  scope: string;
  name: string;
  version: string;
  files: Record<string, string>;
  exports?: Record<string, string>;
}

/** A running fake registry; `paths` lists what was asked, `url` is its `JSR_URL`. */
export interface FakeJsr {
  url: string;
  paths: string[];
  /** Serves `content` for `path` of every version from now on (its checksum stays the published one). */
  tamper(path: string, content: string): void;
  close(): Promise<void>;
}

async function checksum(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `sha256-${
    Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
  }`;
}

/**
 * Starts a fake registry serving `packages` (`latest`: what every
 * `meta.json` names as the latest version, as a hostile registry might).
 *
 * @example
 * ```ts
 * const jsr = await startFakeJsr([{ scope: "acme", name: "hello", version: "1.0.0", files }]);
 * await sandbox.run(["plugins", "add", "jsr:@acme/hello", "--yes"], { env: { JSR_URL: jsr.url } });
 * await jsr.close();
 * ```
 */
export async function startFakeJsr(
  packages: FakePackage[],
  options: { latest?: string } = {},
): Promise<FakeJsr> {
  const paths: string[] = [];
  const tampered = new Map<string, string>();
  const routes = new Map<string, () => Response>();
  const byPackage = new Map<string, FakePackage[]>();
  for (const pkg of packages) {
    const key = `/@${pkg.scope}/${pkg.name}`;
    byPackage.set(key, [...(byPackage.get(key) ?? []), pkg]);
    const manifest: Record<string, { size: number; checksum: string }> = {};
    for (const [path, text] of Object.entries(pkg.files)) {
      manifest[path] = {
        size: new TextEncoder().encode(text).length,
        checksum: await checksum(text),
      };
      routes.set(`${key}/${pkg.version}${path}`, () =>
        new Response(tampered.get(path) ?? text, {
          headers: { "content-type": "application/typescript" },
        }));
    }
    const exports = pkg.exports ?? { ".": "./mod.ts" };
    routes.set(`${key}/${pkg.version}_meta.json`, () => Response.json({ manifest, exports }));
  }
  for (const [key, versions] of byPackage) {
    routes.set(`${key}/meta.json`, () =>
      Response.json({
        scope: versions[0].scope,
        name: versions[0].name,
        latest: options.latest ?? versions[versions.length - 1].version,
        versions: Object.fromEntries(versions.map((v) => [v.version, {}])),
      }));
  }
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    paths.push(path);
    return routes.get(path)?.() ?? new Response("not found", { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    paths,
    tamper: (path, content) => void tampered.set(path, content),
    close: () => server.shutdown(),
  };
}
