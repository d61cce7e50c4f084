/**
 * The KM runs with the memory settings of `KM_PROCESS_ENV` (one malloc arena,
 * freed memory handed back): the process `start` launches has them in its
 * environment, and the service units set them too, so the KM measured in
 * `scripts/bench/km.ts` is the one users run.
 */
import assert from "node:assert/strict";
import { KM_PROCESS_ENV } from "../../plugins/km/spawn.ts";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";

Deno.test("start launches the KM with the KM's malloc settings; service units set them", async () => {
  const box = await kmSandbox();
  try {
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const pid = await box.pidOf();
    assert.ok(pid, "km.pid written");
    const environ = new TextDecoder().decode(await Deno.readFile(`/proc/${pid}/environ`))
      .split("\0");
    for (const [name, value] of Object.entries(KM_PROCESS_ENV)) {
      assert.ok(environ.includes(`${name}=${value}`), `${name}=${value} in the KM's environment`);
    }
    const unit = await box.run(["service", "install", "--print", "--platform", "linux"]);
    assert.equal(unit.code, 0, unit.stderr);
    assert.match(unit.stdout, /Environment="?MALLOC_ARENA_MAX=1"?/);
    const plist = await box.run(["service", "install", "--print", "--platform", "macos"]);
    assert.match(plist.stdout, /<key>MALLOC_TRIM_THRESHOLD_<\/key>\s*<string>65536<\/string>/);
  } finally {
    await box.run(["stop"]);
    await box.cleanup();
  }
});
