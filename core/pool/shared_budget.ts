/**
 * A model lane's budget shared by every worker process of a project through
 * the queue database (`.claude/state/queue.db`): the adaptive ceiling is one
 * row of `lane_budget`, and each process's slots in flight are one row of
 * `lane_slots` with an expiry it renews while it holds any. Every change is
 * one `BEGIN IMMEDIATE` transaction, so two processes never both take the
 * last slot; the slots of a process killed with -9 expire (`leaseMs`) and
 * return to the others. A 429 seen by any process lowers the ceiling of all.
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { immediate, statementCache, type Statements } from "../queue/sqlite_db.ts";
import { AimdCeiling, type CeilingChange, type RateLimitSignal } from "./aimd.ts";
import type { BudgetView, LaneBudget } from "./lane_budget.ts";
import { readLanes } from "./lane_view.ts";

/** A stored ceiling, validated when read back (the file is shared and may be damaged). */
const BudgetRowSchema = z.object({
  max: z.number().int().min(1),
  value: z.number().min(0),
  calm_until: z.number(),
  window_base: z.number().int().min(0),
  window_throttles: z.number().int().min(0),
  window_from: z.number().min(0),
  last_throttle: z.number(),
});

/** Options of {@linkcode SharedBudget}. */
export interface SharedBudgetOptions {
  /** An open queue database (`openQueueDatabase`); the budget does not close it. */
  db: DatabaseSync;
  /** This process (the worker id). */
  owner: string;
  /** The configured ceiling (`lanes.model.maxInFlight`). */
  max: number;
  /** How long slots of a silent process stay held (`lanes.model.slotLeaseMs`). */
  leaseMs: number;
  lane?: string;
  now?: () => number;
}

/** Idle for this long with nobody in flight, a budget starts again from its maximum. */
const FORGET_AFTER_MS = 60_000;

/**
 * The shared budget.
 *
 * @example
 * ```ts
 * const budget = new SharedBudget({ db, owner: workerId, max: 64, leaseMs: 15_000 });
 * const granted = budget.take(8); // ≤ 8, and every process's slots stay ≤ the ceiling
 * budget.give(granted, true);
 * ```
 */
export class SharedBudget implements LaneBudget {
  readonly max: number;
  readonly #db: DatabaseSync;
  readonly #sql: Statements;
  readonly #owner: string;
  readonly #lane: string;
  readonly #leaseMs: number;
  readonly #now: () => number;
  #held = 0;
  #renewal: ReturnType<typeof setInterval> | undefined;

  constructor(options: SharedBudgetOptions) {
    this.max = Math.max(1, options.max);
    this.#db = options.db;
    this.#sql = statementCache(options.db);
    this.#owner = options.owner;
    this.#lane = options.lane ?? "model";
    this.#leaseMs = Math.max(100, options.leaseMs);
    this.#now = options.now ?? Date.now;
    immediate(this.#db, () => {
      const now = this.#now();
      this.#expire(now);
      const row = this.#sql("SELECT last_throttle FROM lane_budget WHERE lane = ?").get(
        this.#lane,
      ) as { last_throttle: number } | undefined;
      const idle = this.#inFlightAll() === 0 && now - (row?.last_throttle ?? 0) > FORGET_AFTER_MS;
      this.#store(idle ? new AimdCeiling({ max: this.max }) : this.#load(), now);
    });
  }

  take(wanted: number): number {
    if (wanted <= 0) return 0;
    return immediate(this.#db, () => {
      const now = this.#now();
      this.#expire(now);
      const others = this.#inFlightAll() - this.#heldInRow();
      const granted = Math.max(0, Math.min(wanted, this.#load().value - others - this.#held));
      if (granted > 0) {
        this.#held += granted;
        this.#writeSlots(now);
      }
      return granted;
    });
  }

  give(count: number, clean: boolean): void {
    if (count <= 0) return;
    immediate(this.#db, () => {
      const now = this.#now();
      this.#held = Math.max(0, this.#held - count);
      this.#writeSlots(now);
      if (!clean) return;
      const ceiling = this.#load();
      for (let i = 0; i < count; i++) ceiling.succeeded(now);
      this.#store(ceiling, now);
    });
  }

  observe(signal: RateLimitSignal): CeilingChange | undefined {
    return immediate(this.#db, () => {
      const now = this.#now();
      this.#expire(now);
      const ceiling = this.#load();
      const change = ceiling.observe(signal, now, this.#inFlightAll());
      this.#store(ceiling, now);
      return change;
    });
  }

  throttledRecently(windowMs: number): boolean {
    return this.#load().throttledSince(this.#now(), windowMs);
  }

  read(): BudgetView {
    const model = readLanes(this.#db, this.#now())?.model;
    return model && model.max > 0
      ? { ceiling: model.capacity, inFlight: model.inFlight, max: this.max, holders: model.workers }
      : { ceiling: this.max, inFlight: 0, max: this.max, holders: 0 };
  }

  /**
   * Publishes this process's CPU lane (jobs in flight, slots) for `status`
   * and `/metrics`; it expires with the model lane's slots when the process dies.
   */
  publishCpu(inFlight: number, capacity: number): void {
    this.#sql(
      `INSERT INTO lane_slots (lane, owner, slots, capacity, expires_at) VALUES ('cpu', ?, ?, ?, ?)
       ON CONFLICT (lane, owner) DO UPDATE SET slots = excluded.slots,
         capacity = excluded.capacity, expires_at = excluded.expires_at`,
    ).run(this.#owner, Math.max(0, inFlight), Math.max(0, capacity), this.#now() + this.#leaseMs);
  }

  /** Gives every slot of this process back, withdraws what it published, stops renewing. */
  close(): void {
    this.#stopRenewal();
    this.#held = 0;
    immediate(this.#db, () => {
      this.#writeSlots(this.#now());
      this.#sql("DELETE FROM lane_slots WHERE lane = 'cpu' AND owner = ?").run(this.#owner);
    });
  }

  #expire(now: number): void {
    this.#sql("DELETE FROM lane_slots WHERE lane = ? AND expires_at < ? AND owner != ?")
      .run(this.#lane, now, this.#owner);
  }

  #inFlightAll(): number {
    const row = this.#sql("SELECT coalesce(sum(slots), 0) AS n FROM lane_slots WHERE lane = ?")
      .get(this.#lane) as { n: number };
    return Number(row.n);
  }

  #heldInRow(): number {
    const row = this.#sql("SELECT slots FROM lane_slots WHERE lane = ? AND owner = ?")
      .get(this.#lane, this.#owner) as { slots: number } | undefined;
    return Number(row?.slots ?? 0);
  }

  #writeSlots(now: number): void {
    if (this.#held === 0) {
      this.#sql("DELETE FROM lane_slots WHERE lane = ? AND owner = ?").run(this.#lane, this.#owner);
      this.#stopRenewal();
      return;
    }
    this.#sql(
      `INSERT INTO lane_slots (lane, owner, slots, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (lane, owner) DO UPDATE SET slots = excluded.slots, expires_at = excluded.expires_at`,
    ).run(this.#lane, this.#owner, this.#held, now + this.#leaseMs);
    this.#startRenewal();
  }

  /** While slots are held, their expiry moves forward every third of the lease. */
  #startRenewal(): void {
    if (this.#renewal !== undefined) return;
    const renewal = setInterval(() => {
      try {
        if (this.#held > 0) immediate(this.#db, () => this.#writeSlots(this.#now()));
      } catch {
        // queue.db busy past its timeout: the next tick renews (a lease is three ticks long).
      }
    }, Math.max(50, Math.floor(this.#leaseMs / 3)));
    Deno.unrefTimer(renewal);
    this.#renewal = renewal;
  }

  #stopRenewal(): void {
    if (this.#renewal !== undefined) clearInterval(this.#renewal);
    this.#renewal = undefined;
  }

  #load(): AimdCeiling {
    const raw = this.#sql("SELECT * FROM lane_budget WHERE lane = ?").get(this.#lane);
    if (raw === undefined) return new AimdCeiling({ max: this.max });
    const row = BudgetRowSchema.safeParse(raw);
    if (!row.success) {
      throw new SuperAgentsError(
        "QUEUE_DB",
        `lane_budget row "${this.#lane}" in queue.db is invalid: ${row.error.issues[0]?.message}`,
        {
          hint:
            "stop the workers and run `sqlite3 .claude/state/queue.db 'DELETE FROM lane_budget'`",
        },
      );
    }
    const r = row.data;
    return new AimdCeiling({
      max: this.max,
      state: {
        value: r.value,
        calmUntil: r.calm_until,
        windowBase: r.window_base,
        windowThrottles: r.window_throttles,
        windowFrom: r.window_from,
        lastThrottle: r.last_throttle,
      },
    });
  }

  #store(ceiling: AimdCeiling, now: number): void {
    const s = ceiling.state;
    const finite = (n: number) => Number.isFinite(n) ? n : 0; // never-throttled is epoch 0
    this.#sql(
      `INSERT INTO lane_budget (lane, max, value, calm_until, window_base, window_throttles,
         window_from, last_throttle, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (lane) DO UPDATE SET max = excluded.max, value = excluded.value,
         calm_until = excluded.calm_until, window_base = excluded.window_base,
         window_throttles = excluded.window_throttles, window_from = excluded.window_from,
         last_throttle = excluded.last_throttle, updated_at = excluded.updated_at`,
    ).run(
      this.#lane,
      this.max,
      s.value,
      finite(s.calmUntil),
      s.windowBase,
      s.windowThrottles,
      s.windowFrom,
      finite(s.lastThrottle),
      now,
    );
  }
}
