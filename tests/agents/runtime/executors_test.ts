/**
 * The executor table — the runtime's own executors merged with those the
 * installed plugin host contributes: every worker module starts inside a
 * sandbox with no permissions at all (its code is part of its module graph,
 * not read at run time) and checks what it is sent; an unknown executor has
 * no module.
 */
import assert from "node:assert/strict";
import { executorTable, runtimeExecutors, workerUrlOf } from "../../../agents/runtime/executors.ts";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";

function firstError(url: URL): Promise<string> {
  const worker = new Worker(url, { type: "module", deno: { permissions: "none" } });
  return new Promise<string>((resolve) => {
    worker.onerror = (event) => {
      event.preventDefault();
      resolve(event.message);
    };
    worker.postMessage({ type: "run" }); // answered by a crash that names the bad field
  }).finally(() => worker.terminate());
}

Deno.test("without a plugin host only the runtime's own executors exist", () => {
  assert.deepEqual(Object.keys(executorTable()).sort(), ["noop", "script"]);
  assert.equal(workerUrlOf("anthropic"), undefined);
});

Deno.test("every executor's worker module loads without permissions and checks its messages", async () => {
  installBuiltinPlugins();
  const table = executorTable();
  assert.deepEqual(Object.keys(table).sort(), [
    "anthropic",
    "local",
    "noop",
    "script",
    "third-party",
  ]);
  assert.equal(table.noop, runtimeExecutors.noop);
  assert.equal(workerUrlOf("local")?.pathname.endsWith("/plugins/local/worker.ts"), true);
  const errors = await Promise.all(Object.values(table).map(firstError));
  for (const error of errors) assert.match(error, /invalid message from the pool: taskId/);
});

Deno.test("an unknown executor has no worker module (inherited names included)", () => {
  assert.equal(workerUrlOf("no-such-executor"), undefined);
  assert.equal(workerUrlOf("toString"), undefined);
  assert.equal(workerUrlOf("noop")?.pathname.endsWith("/agents/runtime/workers/noop.ts"), true);
});
