/**
 * The permission boundary, end to end through a real worker: a `script`
 * job that writes outside its workspace, reads an ungranted path, opens a
 * network connection, spawns a process or reads the environment fails with
 * a SANDBOX_DENIED error naming agent, operation and boundary — and the same
 * job with the grant succeeds.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SandboxSpec } from "../../../core/pool/sandbox.ts";
import type { PoolOutcome } from "../../../core/pool/worker_pool.ts";
import { type PoolFixture, poolFixture, task } from "../../core/pool/pool_fixture.ts";

async function runScript(f: PoolFixture, ops: unknown[], sandbox: SandboxSpec = {}) {
  return await f.pool.run(task({ input: { ops }, sandbox }));
}

function assertDenied(outcome: PoolOutcome, operation: string, target: RegExp): void {
  assert.equal(outcome.kind, "failed", JSON.stringify(outcome));
  if (outcome.kind !== "failed") return;
  assert.equal(outcome.error.code, "SANDBOX_DENIED");
  assert.equal(outcome.retryable, false);
  assert.match(outcome.error.message, /^agent "script" \(job job_\w+\) was denied /);
  assert.match(outcome.error.message, new RegExp(`denied ${operation} access`));
  assert.match(outcome.error.message, /its sandbox allows/);
  assert.equal(outcome.error.details?.operation, operation);
  assert.match(String(outcome.error.details?.target), target);
}

function assertSucceeded(outcome: PoolOutcome): void {
  assert.equal(outcome.kind, "succeeded", JSON.stringify(outcome));
}

Deno.test("sandbox: writes go to the job's workspace only, unless write is granted", async () => {
  const f = await poolFixture();
  try {
    assertSucceeded(await runScript(f, [{ op: "write", path: "inside.txt" }]));
    const outside = [{ op: "write", path: "{root}/outside.txt", text: "x" }];
    assertDenied(await runScript(f, outside), "write", /outside\.txt$/);
    await assert.rejects(Deno.stat(join(f.root, "outside.txt")));
    assertSucceeded(await runScript(f, outside, { write: ["."] }));
    assert.equal(await Deno.readTextFile(join(f.root, "outside.txt")), "x");
  } finally {
    await f.cleanup();
  }
});

Deno.test("sandbox: reads are limited to the project unless a path is granted", async () => {
  const f = await poolFixture();
  const elsewhere = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-elsewhere-" }));
  try {
    await Deno.writeTextFile(join(f.root, "README.md"), "hello");
    await Deno.writeTextFile(join(elsewhere, "secret.txt"), "s3cret");
    assertSucceeded(await runScript(f, [{ op: "read", path: "{root}/README.md" }]));
    const read = [{ op: "read", path: join(elsewhere, "secret.txt") }];
    assertDenied(await runScript(f, read), "read", /secret\.txt$/);
    assertSucceeded(await runScript(f, read, { read: [".", elsewhere] }));
  } finally {
    await Deno.remove(elsewhere, { recursive: true });
    await f.cleanup();
  }
});

Deno.test("sandbox: network only to the model API host unless the host is granted", async () => {
  const f = await poolFixture();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("ok"),
  );
  try {
    const host = `127.0.0.1:${server.addr.port}`;
    const fetchOp = [{ op: "fetch", url: `http://${host}/` }];
    const denied = await runScript(f, fetchOp);
    assertDenied(denied, "net", new RegExp(host.replace(".", "\\.")));
    if (denied.kind === "failed") {
      assert.deepEqual(denied.error.details?.boundary, ["api.anthropic.com"]);
    }
    assertSucceeded(await runScript(f, fetchOp, { net: [host] }));
  } finally {
    await server.shutdown();
    await f.cleanup();
  }
});

Deno.test("sandbox: no subprocesses and no environment unless granted", async () => {
  const f = await poolFixture();
  try {
    const spawn = [{ op: "spawn", command: Deno.execPath(), args: ["--version"] }];
    assertDenied(await runScript(f, spawn), "run", /deno/);
    assertSucceeded(await runScript(f, spawn, { run: [Deno.execPath()] }));
    const env = [{ op: "env", name: "HOME" }];
    assertDenied(await runScript(f, env), "env", /^HOME$/);
    assertSucceeded(await runScript(f, env, { env: ["HOME"] }));
  } finally {
    await f.cleanup();
  }
});
