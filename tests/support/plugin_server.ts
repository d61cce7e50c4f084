/**
 * Test support: serve a plugin folder over loopback HTTP (the CLI copies a
 * URL plugin at `plugins add` and never imports from the server, so the
 * checkout's lockfile is left alone: `scripts/test.sh` checks that).
 * @module
 */

import { join } from "node:path";

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
