/**
 * How many jobs of each lane the runner may hold: model-lane jobs up to the
 * model lane's capacity (its ceiling now), CPU-lane jobs up to the CPU
 * pool's slots, so a queue of CPU-bound jobs is not claimed as wide as the
 * model lane (the extra jobs would sit leased in this process while other
 * workers idle). A job's lane is known once its agent was resolved; the
 * runner learns it per agent, and then claims a model-lane agent's jobs by
 * name. Until an agent is known its jobs count as CPU-lane jobs, so a first
 * claim is never wider than the CPU pool. A CPU claim may bring in jobs of
 * model-lane agents: the model lane then holds at most one CPU claim more
 * than its capacity; while the model lane is full, CPU claims name the
 * known CPU-lane agents instead.
 * @module
 */

/** A lane of a worker process. */
export type RunnerLane = "cpu" | "model";

/** The runner's capacity per lane. */
export interface LaneCapacity {
  cpu: number;
  /** Read before each claim: the model lane's ceiling moves with the API's limits. */
  model: () => number;
}

/** One claim to make: up to `limit` jobs, of these agents when named. */
export interface LaneClaim {
  lane: RunnerLane;
  limit: number;
  agents?: string[];
}

/**
 * Counts the jobs a runner holds per lane and plans its claims.
 *
 * @example
 * ```ts
 * const claims = new LaneClaims({ cpu: 2, model: () => 64 });
 * claims.plan(); // [{ lane: "cpu", limit: 2 }]: nothing is known yet
 * claims.resolved(job, "model"); // reviewer-agent is a model-lane agent
 * claims.plan(); // [{ lane: "model", limit: 63, agents: ["reviewer-agent"] }, { lane: "cpu", ... }]
 * ```
 */
export class LaneClaims {
  readonly #capacity: LaneCapacity;
  readonly #agentLane = new Map<string, RunnerLane>();
  readonly #jobLane = new Map<string, RunnerLane>();
  readonly #held: Record<RunnerLane, number> = { cpu: 0, model: 0 };

  constructor(capacity: LaneCapacity) {
    this.#capacity = capacity;
  }

  /** Jobs held per lane. */
  get held(): Readonly<Record<RunnerLane, number>> {
    return this.#held;
  }

  /**
   * The claims worth making now (none for a lane whose free slots are fewer
   * than a quarter of its capacity while it still runs jobs: batches, not
   * one transaction per freed slot); `only`: the worker's `--agents`.
   */
  plan(only?: string[]): LaneClaim[] {
    const modelCapacity = this.#capacity.model();
    const free = {
      cpu: this.#capacity.cpu - this.#held.cpu,
      model: modelCapacity - this.#held.model,
    };
    const worth = (lane: RunnerLane, capacity: number) =>
      free[lane] > 0 && (free[lane] >= Math.ceil(capacity / 4) || this.#held[lane] === 0);
    const known = (lane: RunnerLane) =>
      [...this.#agentLane].filter(([agent, l]) => l === lane && (!only || only.includes(agent)))
        .map(([agent]) => agent);
    const claims: LaneClaim[] = [];
    const modelAgents = known("model");
    if (worth("model", modelCapacity) && modelAgents.length > 0) {
      claims.push({ lane: "model", limit: free.model, agents: modelAgents });
    }
    if (worth("cpu", this.#capacity.cpu)) {
      if (free.model > 0 || modelAgents.length === 0) {
        claims.push({ lane: "cpu", limit: free.cpu, ...(only ? { agents: only } : {}) });
      } else {
        const cpuAgents = known("cpu");
        if (cpuAgents.length > 0) claims.push({ lane: "cpu", limit: free.cpu, agents: cpuAgents });
      }
    }
    return claims;
  }

  /** A job was claimed: it counts in its agent's lane (CPU until the agent is known). */
  claimed(job: { id: string; agent: string }): void {
    const lane = this.#agentLane.get(job.agent) ?? "cpu";
    this.#jobLane.set(job.id, lane);
    this.#held[lane]++;
  }

  /** The job's agent resolved to `lane`; true when that taught something new about the agent. */
  resolved(job: { id: string; agent: string }, lane: RunnerLane): boolean {
    const learned = this.#agentLane.get(job.agent) !== lane;
    this.#agentLane.set(job.agent, lane);
    const was = this.#jobLane.get(job.id);
    if (was !== undefined && was !== lane) {
      this.#held[was]--;
      this.#held[lane]++;
      this.#jobLane.set(job.id, lane);
    }
    return learned;
  }

  /** The job left the pool. */
  left(job: { id: string }): void {
    const lane = this.#jobLane.get(job.id);
    if (lane === undefined) return;
    this.#jobLane.delete(job.id);
    this.#held[lane]--;
  }
}
