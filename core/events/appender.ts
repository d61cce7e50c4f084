/**
 * The one appender of the event log. A write takes an exclusive flock on the
 * sidecar lock file (kept while this process keeps appending, see
 * `log_lock.ts`), brings the cached tail up to date when the lock was just
 * taken, chains the new events and writes all queued lines with one write
 * call (`log_file.ts`). Concurrent callers in one process are coalesced into
 * one locked write. Durability follows the fsync policy: `always` fsyncs
 * before acknowledging, `group` fsyncs at most every `groupCommitMs` and
 * acknowledges a durable caller only after the fsync that covers its line,
 * `never` leaves flushing to the OS. Rotation happens under the same lock.
 * @module
 */

import { GroupCommit } from "./group_commit.ts";
import type { EventLogPaths } from "./event_paths.ts";
import { LogFile } from "./log_file.ts";
import type { EventDraft, EventRecord } from "./schema.ts";
import { LogLock } from "./log_lock.ts";
import { SuperAgentsError } from "../errors.ts";

/** Durability of appends. */
export type FsyncPolicy = "always" | "group" | "never";

/** Settings of an appender (the `events` config section). */
export interface AppenderSettings {
  fsync: FsyncPolicy;
  groupCommitMs: number;
  rotateBytes: number;
  rotateAgeHours: number;
  retainArchives: number;
}

/** Options of one append. */
export interface AppendOptions {
  /** Wait until the line is fsynced (under `group`); default true. */
  durable?: boolean;
}

interface Job {
  drafts: EventDraft[];
  durable: boolean;
  /** Resolve with the one record rather than an array (`append`). */
  one: boolean;
  resolve(records: EventRecord | EventRecord[]): void;
  reject(error: unknown): void;
}

const MAX_EVENTS_PER_WRITE = 4096;

/** Appends events to one log; one instance per log per process (see `emit.ts`). */
export class EventAppender {
  readonly files: EventLogPaths;
  readonly settings: AppenderSettings;
  #now: () => number;
  #queue: Job[] = [];
  #draining = false;
  #mutex: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #lock: LogLock;
  #log: LogFile;
  #group: GroupCommit;

  constructor(files: EventLogPaths, settings: AppenderSettings, now: () => number = Date.now) {
    this.files = files;
    this.settings = settings;
    this.#now = now;
    this.#lock = new LogLock(files.lock, () => this.#releaseWhenIdle());
    this.#group = new GroupCommit(
      settings.groupCommitMs,
      () => this.#log.file,
      (error) => wrapError(error, files.log),
    );
    // Before a descriptor is closed or replaced, its pending fsync waiters are settled on it.
    this.#log = new LogFile(
      files,
      settings,
      (file) => this.#group.detach(file, settings.fsync !== "never"),
    );
  }

  /** Appends one event; resolves with the stored record. */
  append(draft: EventDraft, options: AppendOptions = {}): Promise<EventRecord> {
    return this.#submit([draft], options.durable ?? true, true);
  }

  /** Appends events together (one write call, consecutive seq numbers). */
  appendBatch(drafts: EventDraft[], options: AppendOptions = {}): Promise<EventRecord[]> {
    if (drafts.length === 0) return Promise.resolve([]);
    return this.#submit(drafts, options.durable ?? true, false);
  }

  // deno-lint-ignore no-explicit-any
  #submit(drafts: EventDraft[], durable: boolean, one: boolean): Promise<any> {
    const waitForGroup = durable && this.settings.fsync === "group";
    if (!waitForGroup && !this.#draining && this.#canWriteNow()) {
      // The lock is still ours and nothing is queued: write in this call, without a microtask.
      try {
        const records = this.#log.write(drafts, this.#now());
        this.#written();
        return Promise.resolve(one ? records[0] : records);
      } catch (error) {
        this.#lock.release();
        return Promise.reject(wrapError(error, this.files.log));
      }
    }
    return new Promise((resolve, reject) => {
      const job: Job = { drafts, durable, one, resolve, reject };
      this.#queue.push(job);
      if (!this.#draining) {
        this.#draining = true;
        queueMicrotask(() => this.#drain());
      }
    });
  }

  /**
   * Runs `fn` holding the log's lock (in-process and flock), for maintenance
   * such as repair. The cached tail is re-read afterwards.
   */
  withLock<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#exclusive(async () => {
      await this.#log.retire();
      await this.#flock();
      try {
        return await fn();
      } finally {
        this.#lock.release();
      }
    });
  }

  /** Rotates the log now (if it holds any event); returns the archive name. */
  rotate(): Promise<string | undefined> {
    return this.#exclusive(async () => {
      await this.#flock();
      try {
        const now = this.#now();
        this.#log.write(await this.#log.refresh(now), now);
        return this.#log.size > 0 ? await this.#log.rotate(now, "manual") : undefined;
      } finally {
        this.#lock.release();
      }
    });
  }

  /** Waits for queued appends and pending fsyncs, then closes the files. */
  async close(): Promise<void> {
    while (this.#draining || this.#queue.length) await this.#exclusive(() => {});
    await this.#exclusive(() => this.#log.retire());
    this.#lock.close();
  }

  #exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#pending++;
    const run = this.#mutex.then(fn).finally(() => this.#pending--);
    this.#mutex = run.catch(() => {/* the caller of this run receives its error */});
    return run;
  }

  /** The idle timer of the lock: give it up once no write is in flight. */
  #releaseWhenIdle(): void {
    this.#exclusive(() => this.#lock.release()).catch(() => {
      // Unlocking failed; the descriptor is closed with the appender and the kernel drops the lock.
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const jobs = this.#takeJobs();
        try {
          let records: EventRecord[];
          if (this.#canWriteNow()) {
            records = this.#log.write(jobs.flatMap((job) => job.drafts), this.#now());
            this.#written();
          } else records = await this.#exclusive(() => this.#writeJobs(jobs));
          // Settled once the exclusive section is over, so a caller's next append finds
          // nothing pending and can take the fast path.
          this.#settle(jobs, records);
        } catch (error) {
          this.#lock.release();
          for (const job of jobs) job.reject(wrapError(error, this.files.log));
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #takeJobs(): Job[] {
    let count = 0;
    let take = 0;
    while (take < this.#queue.length && (take === 0 || count < MAX_EVENTS_PER_WRITE)) {
      count += this.#queue[take].drafts.length;
      take++;
    }
    return this.#queue.splice(0, take);
  }

  async #writeJobs(jobs: Job[]): Promise<EventRecord[]> {
    const taken = await this.#flock();
    const now = this.#now();
    if (taken || !this.#log.known) this.#log.write(await this.#log.refresh(now), now);
    const reason = this.#log.rotationReason(now);
    if (reason) await this.#log.rotate(now, reason);
    const records = this.#log.write(jobs.flatMap((job) => job.drafts), now);
    this.#written();
    return records;
  }

  /** After a write: fsync under `always`; keep the lock while busy, or give it up. */
  #written(): void {
    if (this.settings.fsync === "always") this.#log.file!.syncDataSync();
    this.#lock.afterWrite();
  }

  /** Settles written jobs (durable ones under `group` once their fsync is done). */
  #settle(jobs: Job[], records: EventRecord[]): void {
    const group = this.settings.fsync === "group";
    let offset = 0;
    for (const job of jobs) {
      const mine = job.one ? records[offset++] : records.slice(offset, offset += job.drafts.length);
      if (group && job.durable) this.#group.add(() => job.resolve(mine), job.reject);
      else job.resolve(mine);
    }
  }

  /**
   * Whether a write may skip the lock and tail checks: the flock has been
   * held since this appender's last write (so the cached tail is current),
   * no maintenance is queued, and the log is not due for rotation. A hold
   * past `HOLD_MS` still writes here (nobody else can have written), and
   * `afterWrite` then gives the lock up.
   */
  #canWriteNow(): boolean {
    return this.#pending === 0 && this.#lock.held && this.#log.known &&
      this.#log.rotationReason(this.#now()) === undefined;
  }

  /** Takes the log's flock (unless still held); `true` when taken now. */
  #flock(): Promise<boolean> {
    return this.#lock.acquire();
  }
}

function wrapError(error: unknown, log: string): unknown {
  if (error instanceof SuperAgentsError) return error;
  return new SuperAgentsError("EVENT_APPEND_FAILED", `cannot append to ${log}: ${error}`, {
    hint: "check free disk space and the permissions of .claude/events/",
    cause: error,
  });
}
