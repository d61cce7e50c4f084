/**
 * `deno run http://127.0.0.1:PORT/main.ts --version`: the checkout served
 * over loopback HTTP runs without a local checkout (no import map, templates
 * embedded as text modules).
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
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "-A", url, "--version"],
      cwd,
      env: baseEnv(cwd),
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.equal(new TextDecoder().decode(output.stdout).trim(), VERSION);
  } finally {
    await server.shutdown();
    await Deno.remove(cwd, { recursive: true });
  }
});
