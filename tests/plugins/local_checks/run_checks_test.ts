import assert from "node:assert/strict";
import { runChecks, shardBySize } from "../../../plugins/local_checks/run_checks.ts";
import { CHECK_NAMES } from "../../../plugins/local_checks/types.ts";
import { workerPermissionsAvailable } from "../../../plugins/local_checks/worker_sandbox.ts";
import { added, modified, options } from "./options.ts";
import { AWS_KEY_ID, RANDOM_TOKEN } from "./secrets.ts";

function sample() {
  return [
    added("src/keys.ts", `export const id = "${AWS_KEY_ID}";\n`),
    added(".env", `TOKEN=${RANDOM_TOKEN}\n`),
    modified(
      "src/api.ts",
      "export function a() {}\nexport function b() {}\n",
      "export function b() {}\n",
    ),
    ...Array.from({ length: 6 }, (_, i) => added(`src/m${i}.ts`, `export const v${i} = ${i};\n`)),
  ];
}

Deno.test("run checks: sandboxed Workers give the same findings as inline", async () => {
  assert.ok(workerPermissionsAvailable(), "tests run with deno.json's worker-options");
  const inline = await runChecks({
    names: CHECK_NAMES,
    files: sample(),
    options: options(),
    mode: "inline",
  });
  const workers = await runChecks({
    names: CHECK_NAMES,
    files: sample(),
    options: options(),
    mode: "workers",
    maxWorkers: 2,
  });
  assert.equal(inline.ranIn, "inline");
  assert.equal(workers.ranIn, "workers");
  assert.equal(workers.workers, 1); // little content: one Worker is enough
  assert.deepEqual(workers.findings, inline.findings);
  assert.deepEqual(inline.findings.map((f) => `${f.file}:${f.line}:${f.rule}`), [
    ".env:1:forbidden-path",
    ".env:1:high-entropy-secret",
    "src/api.ts:1:removed-export",
    "src/keys.ts:1:aws-access-key-id",
  ]);
});

Deno.test("run checks: shards balance by size and keep every file once", () => {
  const files = [
    added("a", "x".repeat(900)),
    added("b", "x".repeat(500)),
    added("c", "x".repeat(450)),
  ];
  const shards = shardBySize(files, 2);
  assert.deepEqual(shards.map((s) => s.map((f) => f.path)), [["a"], ["b", "c"]]);
});
