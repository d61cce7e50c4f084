/**
 * A circuit breaker per agent, persisted in queue.db so it survives restarts
 * and is shared by every worker process. Closed: jobs run, consecutive
 * failures are counted. Open (after `failures` in a row): jobs of the agent
 * are put back until the cool-down ends. Half-open: one probe job runs; its
 * success closes the circuit, its failure opens it again.
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import { z } from "../deps.ts";
import { immediate, statementCache, type Statements } from "../queue/sqlite_db.ts";

/** A circuit's state as stored. */
export const CircuitSchema = z.object({
  agent: z.string(),
  state: z.enum(["closed", "open", "half-open"]),
  failures: z.number().int().min(0),
  opened_at: z.number().int().nullable(),
  probe_owner: z.string().nullable(),
  updated_at: z.number().int(),
});
/** A circuit. */
export type Circuit = z.infer<typeof CircuitSchema>;
/** A circuit's state. */
export type CircuitState = Circuit["state"];

/** A change of state, for the event log. */
export interface CircuitTransition {
  agent: string;
  from: CircuitState;
  to: CircuitState;
  failures: number;
}

/** Whether a job of an agent may run now. */
export type Admission =
  | { allowed: true; transition?: CircuitTransition }
  | { allowed: false; retryAt: number };

/** Settings of the breakers. */
export interface BreakerSettings {
  /** Consecutive failures that open a circuit. */
  failures: number;
  coolDownMs: number;
  now?: () => number;
}

/** The circuit breakers of one project. */
export class CircuitBreakers {
  readonly #now: () => number;
  readonly #sql: Statements;
  #successes: { agent: string; resolve: (t: CircuitTransition | undefined) => void }[] = [];

  constructor(readonly db: DatabaseSync, readonly settings: BreakerSettings) {
    this.#now = settings.now ?? (() => Date.now());
    this.#sql = statementCache(db);
  }

  /** The circuit of `agent` (closed when never seen). */
  get(agent: string): Circuit {
    const row = this.#sql("SELECT * FROM circuits WHERE agent = ?").get(agent);
    if (row === undefined) {
      return {
        agent,
        state: "closed",
        failures: 0,
        opened_at: null,
        probe_owner: null,
        updated_at: 0,
      };
    }
    return CircuitSchema.parse(row);
  }

  /** Every circuit that was ever used. */
  list(): Circuit[] {
    return this.#sql("SELECT * FROM circuits ORDER BY agent").all().map((row) =>
      CircuitSchema.parse(row)
    );
  }

  /**
   * The admissions of a claimed batch that one read can decide: `allowed`
   * for a job whose agent's circuit is closed, `undefined` (ask
   * {@linkcode admit} before running it) otherwise.
   */
  admitClosed(agents: string[]): (Admission | undefined)[] {
    const closed = this.#closedWithoutFailures(agents, false);
    return agents.map((agent) => closed.has(agent) ? { allowed: true } : undefined);
  }

  /** Asks to run a job of `agent`; an open circuit past its cool-down admits one probe. */
  admit(agent: string, owner: string): Admission {
    // The common case (closed) needs no write lock: only a state change takes one.
    if (this.get(agent).state === "closed") return { allowed: true };
    return immediate(this.db, () => {
      const now = this.#now();
      const circuit = this.get(agent);
      if (circuit.state === "closed") return { allowed: true };
      const coolDownEnd = (circuit.opened_at ?? 0) + this.settings.coolDownMs;
      if (circuit.state === "half-open" && circuit.updated_at + this.settings.coolDownMs > now) {
        return { allowed: false, retryAt: circuit.updated_at + this.settings.coolDownMs };
      }
      if (circuit.state === "open" && now < coolDownEnd) {
        return { allowed: false, retryAt: coolDownEnd };
      }
      this.#write({ ...circuit, state: "half-open", probe_owner: owner, updated_at: now });
      return {
        allowed: true,
        transition: { agent, from: circuit.state, to: "half-open", failures: circuit.failures },
      };
    });
  }

  /** A job of `agent` succeeded. */
  recordSuccess(agent: string): CircuitTransition | undefined {
    const seen = this.get(agent);
    if (seen.state === "closed" && seen.failures === 0) return undefined;
    return immediate(this.db, () => {
      const circuit = this.get(agent);
      if (circuit.state === "closed" && circuit.failures === 0) return undefined;
      this.#write({
        agent,
        state: "closed",
        failures: 0,
        opened_at: null,
        probe_owner: null,
        updated_at: this.#now(),
      });
      return circuit.state === "closed"
        ? undefined
        : { agent, from: circuit.state, to: "closed", failures: 0 };
    });
  }

  /**
   * {@linkcode recordSuccess}, batched: successes reported in the same turn
   * share one read, and only a circuit that needs a change is written.
   */
  succeeded(agent: string): Promise<CircuitTransition | undefined> {
    return new Promise((resolve) => {
      this.#successes.push({ agent, resolve });
      if (this.#successes.length === 1) queueMicrotask(() => this.#flushSuccesses());
    });
  }

  #flushSuccesses(): void {
    const batch = this.#successes.splice(0);
    let clean: Set<string>;
    try {
      clean = this.#closedWithoutFailures(batch.map((s) => s.agent), true);
    } catch {
      clean = new Set(); // fall back to one exact update per success
    }
    for (const { agent, resolve } of batch) {
      if (clean.has(agent)) resolve(undefined);
      else {
        try {
          resolve(this.recordSuccess(agent));
        } catch {
          resolve(undefined); // the job's outcome is already stored; the circuit is advisory
        }
      }
    }
  }

  /**
   * The agents among `agents` whose circuit is closed (never seen, or stored
   * closed), and with `noFailures` also without failures counted.
   */
  #closedWithoutFailures(agents: string[], noFailures: boolean): Set<string> {
    const distinct = [...new Set(agents)];
    // One agent (the usual batch) is a primary-key lookup; several travel as one JSON array.
    const stored =
      (distinct.length === 1
        ? this.#sql("SELECT agent, state, failures FROM circuits WHERE agent = ?").all(distinct[0])
        : this.#sql(
          "SELECT agent, state, failures FROM circuits WHERE agent IN (SELECT value FROM json_each(?))",
        ).all(JSON.stringify(distinct))) as { agent: string; state: string; failures: number }[];
    const clean = new Set(distinct);
    for (const row of stored) {
      if (row.state !== "closed" || (noFailures && row.failures !== 0)) clean.delete(row.agent);
    }
    return clean;
  }

  /** A job of `agent` failed. */
  recordFailure(agent: string): CircuitTransition | undefined {
    return immediate(this.db, () => {
      const now = this.#now();
      const circuit = this.get(agent);
      const failures = circuit.failures + 1;
      const opens = circuit.state === "half-open" ||
        (circuit.state === "closed" && failures >= this.settings.failures);
      if (!opens) {
        this.#write({ ...circuit, failures, updated_at: now });
        return undefined;
      }
      this.#write({
        agent,
        state: "open",
        failures,
        opened_at: now,
        probe_owner: null,
        updated_at: now,
      });
      return { agent, from: circuit.state, to: "open", failures };
    });
  }

  #write(circuit: Circuit): void {
    this.#sql(
      `INSERT INTO circuits (agent, state, failures, opened_at, probe_owner, updated_at)
       VALUES (?,?,?,?,?,?) ON CONFLICT (agent) DO UPDATE SET state = excluded.state,
       failures = excluded.failures, opened_at = excluded.opened_at,
       probe_owner = excluded.probe_owner, updated_at = excluded.updated_at`,
    ).run(
      circuit.agent,
      circuit.state,
      circuit.failures,
      circuit.opened_at,
      circuit.probe_owner,
      circuit.updated_at,
    );
  }
}
