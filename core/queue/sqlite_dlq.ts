/**
 * The dead-letter queue of the SQLite backend: retrying dead jobs (all, or
 * the ones named) and purging them with their dependency edges, each run
 * inside the caller's transaction.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { Statements } from "./sqlite_db.ts";
import { retryJob } from "./sqlite_outcomes.ts";
import { deadIds, requireJob } from "./sqlite_reads.ts";

/** Queues dead jobs again (`ids`, or every dead job); a named job that is not dead is an error. */
export function retryDeadJobs(sql: Statements, now: number, ids: string[]): number {
  const targets = ids.length ? ids : deadIds(sql);
  for (const id of targets) {
    const job = requireJob(sql, id);
    if (job.state !== "dead") {
      throw new SuperAgentsError("JOB_NOT_DEAD", `job ${id} is ${job.state}, not dead`, {
        hint: "`super-agents dlq list` shows the dead-letter queue",
      });
    }
    retryJob(sql, now, id);
  }
  return targets.length;
}

/** Deletes dead jobs (`ids`, or every dead job) and their edges; returns how many. */
export function purgeDeadJobs(sql: Statements, ids: string[]): number {
  const targets = ids.length ? ids : deadIds(sql);
  const remove = sql("DELETE FROM jobs WHERE id = ? AND state = 'dead'");
  const removeEdges = sql("DELETE FROM edges WHERE job = ?");
  let purged = 0;
  for (const id of targets) {
    if (Number(remove.run(id).changes) > 0) purged++, removeEdges.run(id);
  }
  return purged;
}
