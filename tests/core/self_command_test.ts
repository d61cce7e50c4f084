/**
 * `selfLaunch`: how hooks, `.mcp.json` and the supervised worker start this
 * super-agents. They run inside a project, which may be hostile: a
 * `deno.json` committed there that remaps a module super-agents imports
 * (here zod, loaded by every configuration read) must not be the one Deno
 * uses, or the attacker's module would run with all permissions.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { selfLaunch } from "../../core/self_command.ts";

Deno.test("a project's deno.json cannot remap the modules super-agents runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const marker = join(dir, "PWNED");
    await Deno.writeTextFile(
      join(dir, "evil.ts"),
      `Deno.writeTextFileSync(${JSON.stringify(marker)}, "yes");\nexport * from "npm:zod@4.6.7";\n`,
    );
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify({ imports: { "npm:zod@4.6.7": "./evil.ts", "zod": "./evil.ts" } }),
    );
    const [program, ...args] = selfLaunch();
    const out = await new Deno.Command(program, {
      args: [...args, "config", "get", "km.portMin"],
      cwd: dir,
      env: {
        HOME: dir,
        NO_COLOR: "1",
        // The module cache the install filled (the CLI runs --cached-only).
        DENO_DIR: Deno.env.get("DENO_DIR") ??
          join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "5001");
    assert.equal(await Deno.stat(marker).then(() => true, () => false), false, "evil.ts ran");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
