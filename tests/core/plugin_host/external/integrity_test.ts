/**
 * The integrity digest: a folder's digest changes when any file's bytes or
 * name change (not when `.git` does), does not depend on the order files
 * were written, and a folder holding a symbolic link is refused before any
 * of it is read; a URL's digest is its fetched entry module's, and an
 * unreachable or failing URL is a clear error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SuperAgentsError } from "../../../../core/errors.ts";
import { pluginDigest } from "../../../../core/plugin_host/external/integrity.ts";
import type { PluginSource } from "../../../../core/plugin_host/external/plugin_source.ts";

async function folder(files: Record<string, string>): Promise<PluginSource & { root: string }> {
  const root = await Deno.makeTempDir({ prefix: "sa-digest-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return { kind: "folder", root, entry: `file://${root}/mod.ts` };
}

Deno.test("a folder's digest follows every file's bytes and name, not .git or write order", async () => {
  const a = await folder({ "mod.ts": "m", "lib/x.ts": "x" });
  const b = await folder({ "lib/x.ts": "x", "mod.ts": "m" });
  try {
    const digest = await pluginDigest(a);
    assert.match(digest, /^sha256-[0-9a-f]{64}$/);
    assert.equal(await pluginDigest(b), digest);
    await Deno.mkdir(join(a.root, ".git"));
    await Deno.writeTextFile(join(a.root, ".git", "HEAD"), "ref");
    assert.equal(await pluginDigest(a), digest);
    await Deno.writeTextFile(join(a.root, "lib", "x.ts"), "y");
    assert.notEqual(await pluginDigest(a), digest);
    await Deno.writeTextFile(join(a.root, "lib", "x.ts"), "x");
    await Deno.rename(join(a.root, "lib", "x.ts"), join(a.root, "lib", "z.ts"));
    assert.notEqual(await pluginDigest(a), digest);
  } finally {
    await Deno.remove(a.root, { recursive: true });
    await Deno.remove(b.root, { recursive: true });
  }
});

Deno.test("a folder with a symbolic link is refused", async () => {
  const source = await folder({ "mod.ts": "m" });
  try {
    await Deno.symlink("/etc/hostname", join(source.root, "peek.txt"));
    await assert.rejects(
      () => pluginDigest(source),
      (error: SuperAgentsError) =>
        error.code === "PLUGIN_SYMLINK" && /peek\.txt/.test(error.message),
    );
  } finally {
    await Deno.remove(source.root, { recursive: true });
  }
});

Deno.test("a URL's digest is its fetched entry's; a failing URL is a clear error", async () => {
  let body = "export default {};";
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) =>
      new URL(request.url).pathname === "/mod.ts"
        ? new Response(body)
        : new Response("no", { status: 404 }),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const source = (path: string): PluginSource => ({
      kind: "url",
      entry: `${base}${path}`,
      origin: `127.0.0.1:${server.addr.port}`,
      base: `${base}/`,
    });
    const first = await pluginDigest(source("/mod.ts"));
    body = "export default { changed: true };";
    assert.notEqual(await pluginDigest(source("/mod.ts")), first);
    await assert.rejects(
      () => pluginDigest(source("/missing.ts")),
      (error: SuperAgentsError) => error.code === "PLUGIN_UNREACHABLE" && /404/.test(error.message),
    );
  } finally {
    await server.shutdown();
  }
});
