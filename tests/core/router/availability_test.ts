import assert from "node:assert/strict";
import { join } from "node:path";
import { AvailabilityMonitor } from "../../../core/router/availability.ts";

const settings = { coolDownFailures: 2, coolDownMs: 1000, coolDownMaxMs: 3000 };

Deno.test("cool-down after repeated failures, probe, and recovery; persisted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "model_health.json");
    let now = 10_000;
    const clock = () => now;
    const monitor = await AvailabilityMonitor.load(file, settings, clock);
    await monitor.recordFailure("m", "529");
    assert.equal(monitor.availability("m"), "available");
    await monitor.recordFailure("m", "529");
    assert.equal(monitor.availability("m"), "cooling-down");
    const other = await AvailabilityMonitor.load(file, settings, clock);
    assert.equal(other.availability("m"), "cooling-down", "another process sees the cool-down");
    now += 1000;
    assert.equal(monitor.availability("m"), "probing");
    await monitor.recordFailure("m", "still 529");
    assert.equal(monitor.health("m")?.coolDownMs, 2000, "a failed probe doubles the cool-down");
    now += 1999;
    assert.equal(monitor.availability("m"), "cooling-down");
    now += 1;
    await monitor.recordFailure("m", "529");
    assert.equal(monitor.health("m")?.coolDownMs, 3000, "capped");
    now += 3000;
    await monitor.recordSuccess("m");
    assert.equal(monitor.availability("m"), "available");
    const reloaded = await AvailabilityMonitor.load(file, settings, clock);
    assert.equal(reloaded.health("m")?.failures, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a corrupt health file is a clear error naming the fix", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "model_health.json");
    await Deno.writeTextFile(file, "{not json");
    await assert.rejects(
      AvailabilityMonitor.load(file, settings, Date.now),
      /model_health\.json is not valid JSON/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
