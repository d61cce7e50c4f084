/**
 * The stalled check a claim runs on its lane: one script takes expired
 * BullMQ locks back (queued again, dead when the attempts are used up,
 * cancelled when a cancel was pending), and the dependants of the jobs that
 * ended are blocked.
 * @module
 */

import type { Lane } from "../../core/queue/job.ts";
import type { RedisContext } from "./redis_context.ts";
import { blockDependants } from "./redis_dependencies.ts";
import type { LeaseHandle } from "./redis_leases.ts";

/** Expired leases of a lane back to the queue (or dead), blocking dependants of the dead. */
export async function sweepExpiredLeases(
  ctx: RedisContext,
  lane: Lane,
  leases: Map<string, LeaseHandle>,
): Promise<void> {
  const key = (suffix: string) => ctx.bullKey(lane, suffix);
  const reply = await ctx.run(
    "saSweep",
    [
      key("active"),
      key("prioritized"),
      key("pc"),
      key("marker"),
      key("failed"),
      key("events"),
      key("stalled"),
    ],
    [ctx.keys.bull(lane), ctx.now()],
  ) as string[];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const [id, outcome] = [reply[i], reply[i + 1]];
    leases.delete(id);
    if (outcome === "queued") continue;
    const agent = await ctx.client.hget(key(id), "name");
    await blockDependants(
      ctx,
      { id, agent: agent ?? "unknown" },
      outcome === "dead" ? "dead" : "cancelled",
    );
  }
}
