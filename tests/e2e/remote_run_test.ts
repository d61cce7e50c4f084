/**
 * `deno run http://127.0.0.1:PORT/main.ts --version`: the checkout served
 * over loopback HTTP runs without a local checkout (no import map, templates
 * embedded as text modules), including commands loaded lazily by URL.
 */
import assert from "node:assert/strict";
import { join, normalize } from "node:path";
import { baseEnv } from "../support/cli.ts";
import { VERSION } from "../../core/version.ts";

const root = new URL("../../", import.meta.url).pathname;
const contentTypes: Record<string, string> = {
  ts: "application/typescript",
  json: "application/json",
  md: "text/markdown",
  txt: "text/plain",
};

Deno.test("main.ts runs from a loopback URL", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname));
    if (path.includes("..")) return new Response("bad path", { status: 400 });
    try {
      const body = await Deno.readFile(join(root, path));
      const type = contentTypes[path.split(".").pop() ?? ""] ?? "application/octet-stream";
      return new Response(body, { headers: { "content-type": type } });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return new Response("not found", { status: 404 });
      throw error;
    }
  });
  const cwd = await Deno.makeTempDir();
  try {
    const url = `http://127.0.0.1:${server.addr.port}/main.ts`;
    // `--version` is answered by main.ts itself; `version` and `config get` load their
    // command modules lazily by URL (and `config` pulls zod from npm) over HTTP too.
    for (
      const [args, expected] of [
        [["--version"], VERSION],
        [["version"], VERSION],
        [["config", "get", "km.portMin"], "5001"],
      ] as const
    ) {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--quiet", "-A", url, ...args],
        cwd,
        env: baseEnv(cwd),
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(output.stderr);
      assert.equal(output.code, 0, `${args.join(" ")}: ${stderr}`);
      assert.equal(new TextDecoder().decode(output.stdout).trim(), expected, args.join(" "));
    }
  } finally {
    await server.shutdown();
    await Deno.remove(cwd, { recursive: true });
  }
});
