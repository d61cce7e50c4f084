/** Pool sizing from CPU count, free memory and load. */
import assert from "node:assert/strict";
import { poolSize, probeMachine } from "../../../core/pool/pool_size.ts";

const settings = { minWorkers: 2, maxWorkers: 8, memoryPerWorkerMb: 256 };
const GiB = 1024 ** 3;

Deno.test("pool size: CPU count clamped to 2-8", () => {
  assert.equal(poolSize(settings, { cpus: 1, availableMemory: 16 * GiB, load1: 0 }).size, 2);
  assert.equal(poolSize(settings, { cpus: 4, availableMemory: 16 * GiB, load1: 0 }).size, 4);
  assert.equal(poolSize(settings, { cpus: 32, availableMemory: 16 * GiB, load1: 0 }).size, 8);
});

Deno.test("pool size: lowered by free memory and by load, with the reason", () => {
  const low = poolSize(settings, { cpus: 8, availableMemory: 0.6 * GiB, load1: 0 });
  assert.equal(low.size, 2);
  assert.match(low.reasons[0], /free memory/);
  const busy = poolSize(settings, { cpus: 4, availableMemory: 16 * GiB, load1: 8 });
  assert.equal(busy.size, 2);
  assert.match(busy.reasons[0], /load average/);
  assert.equal(poolSize(settings, { cpus: 4, availableMemory: 0, load1: 100 }).size, 1);
});

Deno.test("pool size: the probe reads this machine", () => {
  const probe = probeMachine();
  assert.ok(probe.cpus >= 1);
  assert.ok(probe.availableMemory > 0);
});
