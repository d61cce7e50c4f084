/**
 * `/metrics` exports the two lanes as the project's workers hold them in
 * queue.db: jobs in flight and capacity per lane (two workers' CPU slots
 * added up), the model lane's adapted ceiling and its configured maximum;
 * a killed worker's rows stop counting once they expire. `status` reads the
 * same rows.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createLogger } from "../../../core/log.ts";
import { projectPaths } from "../../../core/paths.ts";
import { SharedBudget } from "../../../core/pool/shared_budget.ts";
import { openQueue } from "../../../core/queue/queue.ts";
import { openQueueDatabase } from "../../../core/queue/sqlite_db.ts";
import { createKmApp } from "../../../plugins/km/app.ts";
import { laneStatusLine, projectLanes } from "../../../plugins/km/project_status.ts";
import { registryDbPath } from "../../../plugins/km/registry_path.ts";
import { instanceIdOf, newToken } from "../../../plugins/km/state.ts";
import { KnowledgeStore } from "../../../plugins/km/store/knowledge_store.ts";
import { parsePrometheus, valueOf } from "../../support/prometheus_parser.ts";

Deno.test("/metrics and status show both lanes of every worker; expired rows drop out", async () => {
  const root = await Deno.makeTempDir({ prefix: "km-lanes-" });
  const paths = projectPaths(root);
  for (const dir of [paths.state, paths.events, paths.registry, paths.logs]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  let clock = 2_000_000;
  const now = () => clock;
  const queue = await openQueue(paths, defaultConfig(), { now });
  const store = await KnowledgeStore.open(registryDbPath(paths));
  assert.equal(laneStatusLine(await projectLanes(paths, clock)), "no worker has run yet");
  const dbs = [openQueueDatabase(paths), openQueueDatabase(paths)];
  const [a, b] = dbs.map((db, i) =>
    new SharedBudget({ db, owner: `w${i}`, max: 32, leaseMs: 10_000, now })
  );
  try {
    assert.equal(a.take(5), 5);
    assert.equal(b.take(3), 3);
    for (let i = 0; i < 12; i++) a.observe({ status: 429 }); // 8 admitted, 12 throttled: floor 8
    a.publishCpu(2, 2);
    b.publishCpu(1, 4);
    const token = newToken();
    const app = await createKmApp(store, {
      token,
      instance: await instanceIdOf(token),
      pid: Deno.pid,
      port: 5001,
      version: "test",
      startedAt: Date.now(),
      maxBodyBytes: 4096,
      log: createLogger({ component: "km", file: join(paths.logs, "km.log") }),
      now,
    });
    const scrape = async () =>
      parsePrometheus(await (await app.handle(new Request("http://km/metrics"))).text());
    const m = await scrape();
    assert.equal(valueOf(m, "super_agents_lane_in_flight", { lane: "model" }), 8);
    assert.equal(valueOf(m, "super_agents_lane_in_flight", { lane: "cpu" }), 3);
    assert.equal(valueOf(m, "super_agents_lane_capacity", { lane: "cpu" }), 6);
    assert.equal(valueOf(m, "super_agents_lane_capacity", { lane: "model" }), 8);
    assert.equal(valueOf(m, "super_agents_lane_ceiling", { lane: "model" }), 8);
    assert.equal(valueOf(m, "super_agents_lane_max_in_flight", { lane: "model" }), 32);
    assert.equal(
      laneStatusLine(await projectLanes(paths, clock)),
      "model 8 in flight, ceiling 8 of 32 (2 workers); cpu 3 in flight, 6 slots (2 workers)",
    );
    // Both workers killed: nothing renews their rows; past the lease they no longer count.
    clock += 10_001;
    const lanes = await projectLanes(paths, clock);
    assert.deepEqual(lanes?.cpu, { inFlight: 0, capacity: 0, workers: 0 });
    assert.equal(lanes?.model.inFlight, 0);
    assert.equal(lanes?.model.capacity, 8, "the shared ceiling outlives the workers");
  } finally {
    a.close();
    b.close();
    dbs.forEach((db) => db.close());
    store.close();
    await queue.close();
    await Deno.remove(root, { recursive: true });
  }
});
