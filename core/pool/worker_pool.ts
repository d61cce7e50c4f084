/**
 * The Web Worker pool. Each job runs in a worker created with the Deno
 * permissions of its sandbox, so an operation outside them fails with
 * `NotCapable` (reported as a `SANDBOX_DENIED` error naming agent, operation
 * and boundary). Workers are kept warm and reused for consecutive jobs with
 * the same executor and permissions (dispatch goes to the least-loaded one);
 * jobs that need their own workspace are batched into one worker start that
 * is granted every workspace of the batch. A job that outlives its timeout
 * has its worker terminated. The worker modules (one per executor) are a
 * parameter: the core does not know which agents exist. A worker and its
 * tasks are a `Slot` (`worker_slot.ts`).
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import {
  crashOutcome,
  failureOutcome,
  type PoolOutcome,
  type PoolTask,
  runMessageOf,
  timeoutOutcome,
  unknownExecutorOutcome,
} from "./pool_task.ts";
import type { Pending } from "./pending.ts";
import type { WorkerMessage } from "./protocol.ts";
import { Deadlines } from "./deadlines.ts";
import { type JobSandbox, placeJobSandbox } from "./place_job_sandbox.ts";
import { SandboxKeys, type SandboxPlace, workerPermissions, workspaceOf } from "./sandbox.ts";
import { type Slot, startSlot } from "./worker_slot.ts";

export type { PoolOutcome, PoolTask };

/** Options of {@linkcode WorkerPool}. */
export interface PoolOptions {
  /**
   * The module a worker for an executor starts with (`workerUrlOf` in
   * `agents/runtime/executors.ts`); undefined: no such executor.
   */
  workerUrl: (executor: string) => string | URL | undefined;
  size: number;
  /** Concurrent jobs inside one worker (default 1). */
  jobsPerWorker?: number;
  /** Largest number of workspace-bound jobs started in one worker (default 16). */
  batchLimit?: number;
  place: SandboxPlace;
}

/** A pool of sandboxed Web Workers. */
export class WorkerPool {
  readonly size: number;
  readonly #options: PoolOptions;
  readonly #perWorker: number;
  #slots: Slot[] = [];
  #pending: Pending[] = [];
  #closing = false;
  #idleWaiters: (() => void)[] = [];
  /** When each running task times out (one timer for the pool, not one per job). */
  readonly #deadlines = new Deadlines<Pending, Slot>((p, slot) => this.#timeout(slot, p));
  readonly #sandboxes: SandboxKeys;
  /** Job sandboxes of jobs without a workspace, by sandbox key (they are all alike). */
  readonly #jobSandboxes = new Map<string, JobSandbox>();
  /** Workers started so far (for benchmarks and `--debug`). */
  workersStarted = 0;

  constructor(options: PoolOptions) {
    this.#options = options;
    this.size = Math.max(1, options.size);
    this.#perWorker = Math.max(1, options.jobsPerWorker ?? 1);
    this.#sandboxes = new SandboxKeys(options.place);
  }

  /** Jobs running and waiting, and live workers. */
  get load(): { running: number; waiting: number; workers: number } {
    const running = this.#slots.reduce((n, slot) => n + slot.running.size, 0);
    const backlog = this.#slots.reduce((n, slot) => n + slot.backlog.length, 0);
    return { running, waiting: this.#pending.length + backlog, workers: this.#slots.length };
  }

  /** Runs one task; resolves with its outcome (never rejects for a job failure). */
  run(task: PoolTask): Promise<PoolOutcome> {
    try {
      if (this.#closing) {
        throw new SuperAgentsError("POOL_CLOSED", "the worker pool is shutting down", {
          hint: "start a new worker process",
        });
      }
      if (this.#options.workerUrl(task.executor) === undefined) {
        return Promise.resolve(unknownExecutorOutcome(task));
      }
      const { spec, key } = this.#sandboxes.of(task.executor, task.sandbox);
      const workspace = spec.workspace ? workspaceOf(this.#options.place, task.jobId) : null;
      if (!workspace) return this.#enqueue(task, key, null);
      return Deno.mkdir(workspace, { recursive: true }).then(() =>
        this.#enqueue(task, key, workspace)
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #enqueue(task: PoolTask, key: string, workspace: string | null): Promise<PoolOutcome> {
    return new Promise<PoolOutcome>((resolve) => {
      this.#pending.push({
        task,
        key,
        reusable: workspace === null,
        workspace,
        resolve,
        assigned: false,
      });
      this.#dispatch();
    });
  }

  /** Stops a task wherever it is; true when it was found. */
  cancel(jobId: string): boolean {
    const index = this.#pending.findIndex((p) => p.task.jobId === jobId);
    if (index >= 0) {
      this.#pending.splice(index, 1)[0].resolve({ kind: "cancelled" });
      this.#notifyIdle();
      return true;
    }
    for (const slot of this.#slots) {
      const queued = slot.backlog.findIndex((p) => p.task.jobId === jobId);
      if (queued >= 0) {
        slot.backlog.splice(queued, 1)[0].resolve({ kind: "cancelled" });
        this.#notifyIdle();
        return true;
      }
      const running = slot.running.get(jobId);
      if (running) {
        this.#settle(slot, running, { kind: "cancelled" });
        this.#kill(slot, "the job was cancelled");
        return true;
      }
    }
    return false;
  }

  /**
   * Graceful shutdown: tasks not yet started end `interrupted` at once,
   * running ones may finish until `drainMs`, then every worker is terminated
   * and what still runs ends `interrupted`.
   */
  async close(drainMs = 0): Promise<void> {
    this.#closing = true;
    for (const p of this.#pending.splice(0)) p.resolve({ kind: "interrupted", reason: "shutdown" });
    for (const slot of this.#slots) {
      for (const p of slot.backlog.splice(0)) {
        p.resolve({ kind: "interrupted", reason: "shutdown" });
      }
    }
    if (this.load.running > 0 && drainMs > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#idleWaiters.push(resolve)),
        new Promise<void>((resolve) => timer = setTimeout(resolve, drainMs)),
      ]);
      clearTimeout(timer);
    }
    for (const slot of [...this.#slots]) this.#kill(slot, "shutdown");
  }

  #dispatch(): void {
    if (this.#pending.length === 0) return;
    for (const p of this.#pending) {
      if (!p.assigned) this.#place(p);
    }
    this.#pending = this.#pending.filter((p) => !p.assigned);
  }

  #place(p: Pending): void {
    if (p.reusable) {
      let best: Slot | undefined;
      for (const slot of this.#slots) {
        if (slot.key !== p.key || !slot.reusable || slot.running.size >= this.#perWorker) continue;
        if (!best || slot.running.size < best.running.size) best = slot;
      }
      if (best) {
        p.assigned = true;
        this.#send(best, p);
        return;
      }
    }
    if (this.#slots.length >= this.size) {
      const idle = this.#slots.find((s) => s.running.size === 0 && s.backlog.length === 0);
      if (!idle || (idle.key === p.key && p.reusable)) return;
      this.#kill(idle, "recycled for a job with other permissions", false);
    }
    const batch = p.reusable ? [p] : [
      p,
      ...this.#pending.filter((o) => o !== p && !o.assigned && o.key === p.key)
        .slice(0, (this.#options.batchLimit ?? 16) - 1),
    ];
    const slot = this.#spawn(p, batch.map((b) => b.workspace!).filter(Boolean));
    for (const b of batch) b.assigned = true;
    slot.backlog.push(...batch);
    this.#pump(slot);
  }

  #spawn(p: Pending, workspaces: string[]): Slot {
    const slot = startSlot(
      this.#options.workerUrl(p.task.executor)!,
      `super-agents:${p.task.agent}`,
      workerPermissions(p.task.sandbox, this.#options.place, workspaces),
      { key: p.key, reusable: p.reusable },
      {
        onMessages: (slot, messages) => {
          for (const message of messages) {
            if (!this.#slots.includes(slot)) return; // a message before this one ended the worker
            this.#onMessage(slot, message);
          }
        },
        onCrash: (slot, why) => this.#crash(slot, why),
      },
    );
    this.#slots.push(slot);
    this.workersStarted++;
    return slot;
  }

  #pump(slot: Slot): void {
    while (slot.running.size < this.#perWorker && slot.backlog.length > 0) {
      this.#send(slot, slot.backlog.shift()!);
    }
  }

  #send(slot: Slot, p: Pending): void {
    const { task } = p;
    slot.running.set(task.jobId, p);
    this.#deadlines.add(p, task.timeoutMs, slot);
    const message = runMessageOf(task, this.#options.place.root, p.workspace, this.#jobSandbox(p));
    slot.outbox.add(message);
  }

  /** What the job's worker is told about its own sandbox (cached for jobs without a workspace). */
  #jobSandbox(p: Pending): JobSandbox {
    const cached = p.workspace ? undefined : this.#jobSandboxes.get(p.key);
    if (cached) return cached;
    const spec = this.#sandboxes.of(p.task.executor, p.task.sandbox).spec;
    const sandbox = placeJobSandbox(spec, this.#options.place, p.workspace);
    if (!p.workspace) this.#jobSandboxes.set(p.key, sandbox);
    return sandbox;
  }

  #onMessage(slot: Slot, message: WorkerMessage): void {
    const p = slot.running.get(message.taskId);
    if (!p) return; // a late message of a task that already timed out or was cancelled
    if (message.type === "progress") p.task.onProgress?.(message.progress);
    else if (message.type === "call-slot") this.#callSlot(slot, p, message.op, message.clean);
    else if (message.type === "result") {
      this.#finish(slot, p, { kind: "succeeded", result: message.result });
    } else this.#finish(slot, p, failureOutcome(p.task, message.error, slot.permissions));
  }

  /** A job's call-slot request: a release is passed on, an acquire answered once granted. */
  #callSlot(slot: Slot, p: Pending, op: "acquire" | "release", clean: boolean): void {
    const host = p.task.callSlot;
    if (op === "release") return host?.release(clean);
    const taskId = p.task.jobId;
    const reply = (granted: boolean) => {
      // The job ended (or its worker did) while it waited: nobody to answer.
      if (slot.running.get(taskId) !== p || !this.#slots.includes(slot)) return;
      slot.worker.postMessage({ type: "call-slot", taskId, granted });
    };
    if (!host) return reply(true);
    host.acquire().then(reply, () => reply(false));
  }

  #finish(slot: Slot, p: Pending, outcome: PoolOutcome): void {
    this.#settle(slot, p, outcome);
    if (!slot.reusable && slot.running.size === 0 && slot.backlog.length === 0) {
      this.#kill(slot, "batch done");
    } else this.#pump(slot);
    this.#dispatch();
    this.#notifyIdle();
  }

  #settle(slot: Slot, p: Pending, outcome: PoolOutcome): void {
    this.#deadlines.remove(p);
    slot.running.delete(p.task.jobId);
    p.resolve(outcome);
  }

  #timeout(slot: Slot, p: Pending): void {
    this.#settle(slot, p, timeoutOutcome(p.task));
    this.#kill(slot, "a job timed out");
  }

  #crash(slot: Slot, why: string): void {
    for (const p of [...slot.running.values()]) this.#settle(slot, p, crashOutcome(p.task, why));
    this.#kill(slot, why);
  }

  /** Terminates a worker: its running tasks end interrupted, its backlog waits for another. */
  #kill(slot: Slot, reason: string, redispatch = true): void {
    slot.worker.terminate();
    this.#slots = this.#slots.filter((s) => s !== slot);
    for (const p of [...slot.running.values()]) {
      this.#settle(slot, p, { kind: "interrupted", reason: `worker terminated: ${reason}` });
    }
    for (const p of slot.backlog.splice(0)) {
      p.assigned = false;
      this.#pending.push(p);
    }
    if (redispatch && !this.#closing) this.#dispatch();
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    if (this.#idleWaiters.length === 0) return;
    if (this.load.running > 0 || this.load.waiting > 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
