import assert from "node:assert/strict";
import { join } from "node:path";
import { listenForWakes, WAKE_DIR, wakeWorkers } from "../../../core/queue/worker_wake.ts";

/** A socket file whose listening process was killed with -9 (it refuses connections). */
async function deadSocket(path: string): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `Deno.listen({ transport: "unix", path: ${JSON.stringify(path)} }); console.log("up"); ` +
      "setTimeout(() => {}, 60000);",
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  await reader.read(); // "up": bound and listening
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
}

Deno.test("worker wake: each listening worker hears a wake; a dead worker's old socket is removed", async () => {
  const state = await Deno.makeTempDir({ prefix: "sa-wake-" });
  try {
    let heard = 0;
    const woken = () => heard++;
    const one = listenForWakes(state, woken);
    const two = listenForWakes(state, woken);
    assert.ok(one && two);
    const stale = join(state, WAKE_DIR, "999999-dead.sock");
    const young = join(state, WAKE_DIR, "999998-dead.sock");
    await deadSocket(stale);
    await deadSocket(young);
    const old = new Date(Date.now() - 60_000);
    await Deno.utime(stale, old, old);
    await wakeWorkers(state);
    for (let i = 0; i < 100 && heard < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(heard, 2);
    await assert.rejects(Deno.lstat(stale), Deno.errors.NotFound, "a dead worker's socket goes");
    assert.ok((await Deno.lstat(young)).isSocket, "one just made may be a worker starting: kept");
    one.close();
    two.close();
    const left = [...Deno.readDirSync(join(state, WAKE_DIR))].map((e) => e.name);
    assert.deepEqual(left, ["999998-dead.sock"], "closing removes the worker's own socket");
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});

Deno.test("worker wake: no worker, a path too long for a socket, or a linked wake folder is no error", async () => {
  const state = await Deno.makeTempDir({ prefix: "sa-wake-" });
  try {
    await wakeWorkers(state); // nothing listens: nothing happens
    const deep = join(state, "x".repeat(120));
    await Deno.mkdir(deep);
    assert.equal(listenForWakes(deep, () => {}), undefined, "left to polling");

    // A wake folder that is a link (a committed one) is neither listened in nor cleaned.
    const elsewhere = join(state, "elsewhere");
    const linked = join(state, "linked");
    await Deno.mkdir(elsewhere);
    await Deno.mkdir(linked);
    await Deno.symlink(elsewhere, join(linked, WAKE_DIR));
    await deadSocket(join(elsewhere, "x.sock"));
    const old = new Date(Date.now() - 60_000);
    await Deno.utime(join(elsewhere, "x.sock"), old, old);
    assert.equal(listenForWakes(linked, () => {}), undefined);
    await wakeWorkers(linked);
    assert.ok((await Deno.lstat(join(elsewhere, "x.sock"))).isSocket, "nothing removed through it");
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});
