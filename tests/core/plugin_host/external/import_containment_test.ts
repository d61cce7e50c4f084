import assert from "node:assert/strict";
import {
  cachedOnlyIn,
  runsCachedOnly,
} from "../../../../core/plugin_host/external/import_containment.ts";

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

Deno.test("this test process runs with --cached-only (the test command's flag) and says so", () => {
  if (Deno.build.os !== "linux") return;
  const argv = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
  assert.equal(runsCachedOnly(), argv.includes("--cached-only"));
});
