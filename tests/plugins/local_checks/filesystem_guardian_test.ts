import assert from "node:assert/strict";
import { filesystemGuardian } from "../../../plugins/local_checks/filesystem_guardian.ts";
import type { ChangedFile } from "../../../plugins/local_checks/types.ts";
import { added, deleted, options } from "./options.ts";

const run = async (files: ChangedFile[], opts = options()) =>
  (await filesystemGuardian(files, opts)).map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`);

Deno.test("filesystem guardian: forbidden paths, built-in and configured", async () => {
  assert.deepEqual(
    await run([
      added(".env", "A=1"),
      added("config/.env.local", "A=1"),
      added(".env.example", "A="),
      added("keys/id_rsa", "x"),
      added("keys/id_rsa.pub", "x"),
      added("certs/server.pem", "x"),
      added("secrets/prod.json", "{}"),
    ], options({ forbiddenPaths: ["secrets/**"] })),
    [
      ".env:1 forbidden-path error",
      "config/.env.local:1 forbidden-path error",
      "keys/id_rsa:1 forbidden-path error",
      "certs/server.pem:1 forbidden-path error",
      "secrets/prod.json:1 forbidden-path error",
    ],
  );
  assert.deepEqual(await run([deleted(".env", "A=1")]), []); // removing it is the fix
  assert.deepEqual(await run([added(".env", "A=1")], options({ allowPaths: [".env"] })), []);
});

Deno.test("filesystem guardian: oversize files and conflict markers", async () => {
  const big: ChangedFile = {
    path: "data/dump.bin",
    status: "A",
    mode: "100644",
    size: 5 * 1024 * 1024,
  };
  const conflict = "a\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> feature\n";
  assert.deepEqual(
    await run([big, added("src/a.ts", conflict), added("docs/a.md", "Title\n=======\n")]),
    [
      "data/dump.bin:1 oversize-file error",
      "src/a.ts:2 merge-conflict-marker error",
    ],
  );
});

Deno.test("filesystem guardian: executable bit only on scripts", async () => {
  assert.deepEqual(
    await run([
      added("src/a.ts", "export {}", "100755"),
      added("bin/tool", "#!/bin/sh\necho", "100755"),
      added("scripts/x.sh", "echo", "100755"),
      added("src/b.ts", "export {}"),
    ]),
    ["src/a.ts:1 executable-bit warning"],
  );
});
