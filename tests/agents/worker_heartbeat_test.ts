/** The supervised worker's heartbeat: written from the claim loop, at most once per interval. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { withHeartbeat } from "../../agents/worker_heartbeat.ts";

Deno.test("withHeartbeat beats at most once per interval and always runs the wrapped step", async () => {
  const dir = await Deno.makeTempDir({ prefix: "heartbeat-" });
  try {
    const file = join(dir, "worker.heartbeat");
    let clock = 10_000;
    let claims = 0;
    const beforeClaim = withHeartbeat(
      () => Promise.resolve(void claims++),
      file,
      () => clock,
      1000,
    );
    await beforeClaim();
    assert.deepEqual(JSON.parse(await Deno.readTextFile(file)), { pid: Deno.pid, at: 10_000 });
    clock += 999;
    await beforeClaim();
    assert.equal(
      JSON.parse(await Deno.readTextFile(file)).at,
      10_000,
      "no beat inside the interval",
    );
    clock += 1;
    await beforeClaim();
    assert.equal(JSON.parse(await Deno.readTextFile(file)).at, 11_000);
    assert.equal(claims, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("withHeartbeat: an unwritable heartbeat rejects after the wrapped step ran", async () => {
  const dir = await Deno.makeTempDir({ prefix: "heartbeat-" });
  try {
    const file = join(dir, "in-the-way");
    await Deno.mkdir(join(file, "child"), { recursive: true }); // a non-empty directory: no rename
    let ran = false;
    const beforeClaim = withHeartbeat(() => Promise.resolve(void (ran = true)), file, () => 1);
    await assert.rejects(beforeClaim());
    assert.equal(ran, true);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["in-the-way"], "no temp left");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
