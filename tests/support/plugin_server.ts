/**
 * Test support: serve a plugin folder over loopback HTTP, and take the
 * served modules back out of the checkout's lockfile afterwards (Deno
 * records every remote module the CLI imports there, a URL plugin's too).
 * @module
 */

import { join } from "node:path";

const LOCKFILE = new URL("../../deno.lock", import.meta.url).pathname;

/** A loopback server of a folder; `state.requests` counts what arrived, by path in `state.paths`. */
export interface FolderServer {
  server: Deno.HttpServer<Deno.NetAddr>;
  state: { requests: number; paths: string[] };
  /** `http://127.0.0.1:<port>` */
  origin: string;
}

/**
 * Serves `dir` over loopback HTTP (TypeScript content type for every file).
 *
 * @example
 * ```ts
 * const { server, origin } = serveFolder("/tmp/plugin");
 * await sandbox.run(["plugins", "add", `${origin}/mod.ts`, "--yes"]);
 * await server.shutdown();
 * ```
 */
export function serveFolder(dir: string): FolderServer {
  const state = { requests: 0, paths: [] as string[] };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    state.requests++;
    const path = decodeURIComponent(new URL(request.url).pathname);
    state.paths.push(path);
    if (path.includes("..")) return new Response("no", { status: 400 });
    try {
      const body = await Deno.readFile(join(dir, path));
      return new Response(body, { headers: { "content-type": "application/typescript" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return { server, state, origin: `http://127.0.0.1:${server.addr.port}` };
}

/**
 * Takes the modules of `origin` back out of the checkout's lockfile. The
 * lines are removed as text, so the rest keeps Deno's own formatting.
 */
export async function forgetRemoteModules(origin: string): Promise<void> {
  const before = await Deno.readTextFile(LOCKFILE);
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const entry = new RegExp(`^\\s*"${escaped}/[^"]*": "[0-9a-f]+",?$`);
  const after = before.split("\n").filter((line) => !entry.test(line)).join("\n")
    .replace(/,(\n\s*\})/g, "$1")
    .replace(/,\n\s*"remote": \{\s*\}/g, "");
  if (after === before) return;
  JSON.parse(after); // never write back a lockfile this broke
  await Deno.writeTextFile(LOCKFILE, after);
}
