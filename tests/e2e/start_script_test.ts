/**
 * The README's main command, `bash scripts/start.sh`, prints only the demo:
 * nothing from Deno on stderr (no `Task …` line, no `Download …` lines, no
 * "Ignored build scripts" box — `deno task` installs every npm package of the
 * lockfile first and reports each, which `deno run --quiet` does not), and it
 * ends with a command that works as copied. Runs with the machine's Deno
 * cache; on a cold cache the same script printed 145 Download lines before.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { baseEnv } from "../support/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("bash scripts/start.sh: the demo and nothing else; no Deno diagnostics on stderr", async () => {
  const home = await Deno.makeTempDir({ prefix: "start-script-" });
  try {
    const denoDir = Deno.env.get("DENO_DIR") ??
      join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
    const result = await new Deno.Command("bash", {
      args: [join(ROOT, "scripts/start.sh")],
      cwd: home,
      env: { ...baseEnv(home), DENO_DIR: denoDir, NO_COLOR: "1" },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(result.stdout);
    const stderr = new TextDecoder().decode(result.stderr);
    assert.equal(result.code, 0, stdout + stderr);
    assert.equal(stderr, "");
    assert.match(stdout, /^super-agents demo in /);
    assert.match(stdout, /Try it in your own project: cd <your repo> && \S+/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
