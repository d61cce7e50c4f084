import assert from "node:assert/strict";
import { join } from "node:path";
import { listenForWakes, WAKE_DIR, wakeWorkers } from "../../../core/queue/worker_wake.ts";

Deno.test("worker wake: each listening worker hears a wake; a dead worker's socket is removed", async () => {
  const state = await Deno.makeTempDir({ prefix: "sa-wake-" });
  try {
    let heard = 0;
    const woken = () => heard++;
    const one = listenForWakes(state, woken);
    const two = listenForWakes(state, woken);
    assert.ok(one && two);
    // A socket file nobody listens on (a worker killed with -9).
    const stale = join(state, WAKE_DIR, "999999-dead.sock");
    const gone = Deno.listen({ transport: "unix", path: stale });
    gone.close();
    await Deno.writeTextFile(stale, "").catch(() => {});
    await wakeWorkers(state);
    for (let i = 0; i < 100 && heard < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(heard, 2);
    await assert.rejects(Deno.lstat(stale), Deno.errors.NotFound);
    one.close();
    two.close();
    assert.deepEqual(
      [...Deno.readDirSync(join(state, WAKE_DIR))],
      [],
      "closing removes the socket",
    );
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});

Deno.test("worker wake: no worker, or a state path too long for a socket, is no error", async () => {
  const state = await Deno.makeTempDir({ prefix: "sa-wake-" });
  try {
    await wakeWorkers(state); // nothing listens: nothing happens
    const deep = join(state, "x".repeat(120));
    await Deno.mkdir(deep);
    assert.equal(listenForWakes(deep, () => {}), undefined, "left to polling");
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});
