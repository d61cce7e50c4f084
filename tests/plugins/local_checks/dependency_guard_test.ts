import assert from "node:assert/strict";
import { dependencyGuard } from "../../../plugins/local_checks/dependency_guard.ts";
import { lockfileCandidates } from "../../../plugins/local_checks/dependency_manifests.ts";
import type { ChangedFile } from "../../../plugins/local_checks/types.ts";
import { added, modified, options } from "./options.ts";

const pkg = (deps: Record<string, string>, scripts: Record<string, string> = {}) =>
  JSON.stringify({ name: "app", scripts, dependencies: deps }, null, 2);

const run = async (files: ChangedFile[], existing: string[]) =>
  (await dependencyGuard(
    files,
    options({ existingPaths: existing, changedPaths: files.map((f) => f.path) }),
  ))
    .map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`);

Deno.test("dependency guard: dependencies changed without the lockfile", async () => {
  const change = modified("package.json", pkg({ a: "1" }), pkg({ a: "1", b: "2" }));
  assert.deepEqual(await run([change], ["package-lock.json"]), [
    "package.json:5 lockfile-out-of-sync dependencies changed but package-lock.json is not part of this change",
  ]);
  assert.deepEqual(
    await run([change, added("package-lock.json", "{}")], ["package-lock.json"]),
    [],
  );
});

Deno.test("dependency guard: scripts-only edits and projects without a lockfile pass", async () => {
  const scriptsOnly = modified("package.json", pkg({ a: "1" }), pkg({ a: "1" }, { test: "x" }));
  assert.deepEqual(await run([scriptsOnly], ["package-lock.json"]), []);
  assert.deepEqual(await run([modified("package.json", pkg({}), pkg({ b: "2" }))], []), []);
});

Deno.test("dependency guard: Cargo, Go and Python manifests, and workspace lockfiles", async () => {
  const cargo = modified(
    "crates/a/Cargo.toml",
    "[package]\nname='a'\n",
    "[package]\nname='a'\n[dependencies]\nserde = \"1\"\n",
  );
  const gomod = modified(
    "go.mod",
    "module x\n\ngo 1.22\n",
    "module x\n\ngo 1.22\nrequire example.com/y v1.0.0\n",
  );
  const py = modified(
    "pyproject.toml",
    "[project]\nname='a'\n",
    "[project]\nname='a'\ndependencies = [\"httpx\"]\n",
  );
  assert.deepEqual(
    (await run([cargo, gomod, py], ["Cargo.lock", "go.sum", "uv.lock"])).map((line) =>
      line.split(" ")[0]
    ),
    ["crates/a/Cargo.toml:3", "go.mod:4", "pyproject.toml:3"],
  );
  assert.ok(lockfileCandidates("packages/web/package.json").includes("pnpm-lock.yaml"));
});
