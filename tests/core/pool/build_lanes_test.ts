/**
 * The lanes a worker builds: the model lane may start up to
 * `pool.maxWorkers` workers however many jobs one worker holds, because
 * jobs whose grants differ (a parallel flow's developers, each writing its
 * own worktree) cannot share a worker; the ceiling's share still counts
 * when it asks for more.
 */
import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { buildLanes } from "../../../core/pool/build_lanes.ts";

const place = {
  root: "/p",
  workspacesDir: "/p/.claude/workspaces",
  modelApiHost: "api.anthropic.com",
};

function modelSize(cpuWorkers: number, edit: (config: ReturnType<typeof defaultConfig>) => void) {
  const config = defaultConfig();
  edit(config);
  const lanes = buildLanes({ config, cpuWorkers, workerUrl: () => undefined, place });
  return lanes.pool.model.size;
}

Deno.test("lanes: the model lane has room for pool.maxWorkers agents with different grants", () => {
  assert.equal(modelSize(2, () => {}), 8, "2 cores, 64 in flight / 32 per worker: still 8");
  assert.equal(modelSize(2, (c) => (c.pool.maxWorkers = 4)), 4);
  assert.equal(modelSize(2, (c) => (c.lanes.model.jobsPerWorker = 4)), 16, "the ceiling's share");
  assert.equal(modelSize(12, (c) => (c.pool.maxWorkers = 4)), 12, "one per CPU worker at least");
});
