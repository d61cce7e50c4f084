/** The retention rule on jobs in memory (the Redis backend's prune uses it). */
import assert from "node:assert/strict";
import type { Job } from "../../../core/queue/job.ts";
import { finishedBefore, prunableJobs } from "../../../core/queue/retention.ts";

function job(id: string, state: Job["state"], finishedAt: number | null, more: Partial<Job> = {}) {
  return {
    id,
    state,
    finishedAt,
    updatedAt: finishedAt ?? 50,
    dependsOn: [],
    flow: null,
    ...more,
  } as Job;
}

Deno.test("retention: old succeeded and cancelled jobs go, newest first; others stay", () => {
  const jobs = [
    job("a", "succeeded", 10),
    job("b", "cancelled", 20),
    job("c", "succeeded", 200),
    job("d", "dead", 10),
    job("e", "failed", 10),
    job("f", "queued", null),
    job("g", "cancelled", null, { updatedAt: 30 }),
  ];
  assert.deepEqual(prunableJobs(jobs, 100).map((j) => j.id), ["g", "b", "a"]);
  assert.equal(finishedBefore(jobs[2], 200), false, "the cutoff is exclusive");
});

Deno.test("retention: live jobs keep their dependencies transitively and their flows whole", () => {
  const jobs = [
    job("a", "succeeded", 10),
    job("b", "succeeded", 20, { dependsOn: ["a"] }),
    job("c", "failed", 30, { dependsOn: ["b"] }), // blocked: a retry would read b and a
    job("x", "succeeded", 10, { flow: "f" }),
    job("y", "leased", null, { flow: "f" }),
    job("z", "succeeded", 10, { flow: "g" }),
    job("w", "succeeded", 12, { dependsOn: ["gone"] }),
  ];
  assert.deepEqual(prunableJobs(jobs, 100).map((j) => j.id), ["w", "z"]);
});
