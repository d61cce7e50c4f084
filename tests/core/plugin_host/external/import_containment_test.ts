import assert from "node:assert/strict";
import { cachedOnlyIn } from "../../../../core/plugin_host/external/import_containment.ts";

const MAIN = "file:///opt/sa/main.ts";

Deno.test("--cached-only counts only before the entry module, however the entry is named", () => {
  const deno = "/usr/bin/deno";
  assert.equal(
    cachedOnlyIn([deno, "run", "-A", "--cached-only", "/opt/sa/main.ts"], MAIN, "/"),
    true,
  );
  assert.equal(cachedOnlyIn([deno, "run", "--cached-only", "main.ts", "x"], MAIN, "/opt/sa"), true);
  assert.equal(cachedOnlyIn([deno, "run", "--cached-only", MAIN], MAIN, "/"), true);
  // After the entry it is the program's own argument, not Deno's flag.
  assert.equal(
    cachedOnlyIn([deno, "run", "-A", "/opt/sa/main.ts", "--cached-only"], MAIN, "/"),
    false,
  );
  assert.equal(
    cachedOnlyIn([deno, "run", "-A", "main.ts", "run", "--cached-only"], MAIN, "/opt/sa"),
    false,
  );
  assert.equal(cachedOnlyIn([deno, "run", "-A", "/opt/sa/main.ts"], MAIN, "/"), false);
  // `--config <file>` takes a separate value; a value is not mistaken for the entry.
  assert.equal(
    cachedOnlyIn(
      [deno, "run", "--config", "/opt/sa/deno.json", "--cached-only", "/opt/sa/main.ts"],
      MAIN,
      "/",
    ),
    true,
  );
});

Deno.test("an entry module whose path needs percent-encoding is still found", () => {
  const main = "file:///opt/my%20tools/main.ts";
  const deno = "/usr/bin/deno";
  assert.equal(
    cachedOnlyIn([deno, "run", "/opt/my tools/main.ts", "--cached-only"], main, "/"),
    false,
  );
  assert.equal(
    cachedOnlyIn([deno, "run", "--cached-only", "/opt/my tools/main.ts"], main, "/"),
    true,
  );
});

Deno.test("a process's own command line is read: with and without the flag", async () => {
  if (Deno.build.os !== "linux") return;
  const probe = await Deno.makeTempFile({ suffix: ".ts" });
  const module = new URL(
    "../../../../core/plugin_host/external/import_containment.ts",
    import.meta.url,
  );
  await Deno.writeTextFile(
    probe,
    `import { runsCachedOnly } from ${
      JSON.stringify(module.href)
    };\nconsole.log(runsCachedOnly());\n`,
  );
  try {
    const run = async (flags: string[], after: string[] = []) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", ...flags, probe, ...after],
        stdout: "piped",
        stderr: "piped",
      }).output();
      return new TextDecoder().decode(out.stdout).trim();
    };
    assert.equal(await run(["--cached-only"]), "true");
    assert.equal(await run([]), "false");
    assert.equal(await run([], ["--cached-only"]), "false", "a program argument is not the flag");
  } finally {
    await Deno.remove(probe);
  }
});
