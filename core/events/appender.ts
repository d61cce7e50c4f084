/**
 * The one appender of the event log. Every write takes an exclusive flock on
 * the sidecar lock file, re-reads the end of the log when another process
 * changed it, chains the new events (seq, prev_hash, hash), and writes all
 * queued lines with one write call. Concurrent callers in one process are
 * coalesced into one locked write. Durability follows the fsync policy:
 * `always` fsyncs before acknowledging, `group` fsyncs at most every
 * `groupCommitMs` and acknowledges a durable caller only after the fsync
 * that covers its line, `never` leaves flushing to the OS. Rotation happens
 * here too, under the same lock.
 * @module
 */

import { basename } from "node:path";
import {
  applyRetention,
  compressPendingArchives,
  moveLogToArchive,
  newestArchiveTail,
} from "./archive.ts";
import { chainRecord, serializeEvent } from "./chain.ts";
import { GroupCommit } from "./group_commit.ts";
import type { EventLogPaths } from "./event_paths.ts";
import { syncDirectorySync, writeAllSync } from "./quarantine.ts";
import { type EventDraft, type EventRecord, GENESIS_HASH } from "./schema.ts";
import { firstEventTime, inspectTail, readAt } from "./tail.ts";
import { LineBuffer } from "./line_buffer.ts";
import { LogLock } from "./log_lock.ts";
import { newUlid } from "./ulid.ts";
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
  #file?: Deno.FsFile;
  #ino: number | null = null;
  #size = -1;
  #seq = 0;
  #prevHash = GENESIS_HASH;
  #firstTs?: number;
  #group: GroupCommit;
  #out = new LineBuffer();

  constructor(files: EventLogPaths, settings: AppenderSettings, now: () => number = Date.now) {
    this.files = files;
    this.settings = settings;
    this.#now = now;
    this.#lock = new LogLock(files.lock, () => this.#releaseWhenIdle());
    this.#group = new GroupCommit(
      settings.groupCommitMs,
      () => this.#file,
      (error) => wrapError(error, files.log),
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
        const records = this.#writeDrafts(drafts, this.#now());
        if (this.settings.fsync === "always") this.#file!.syncDataSync();
        this.#lock.afterWrite();
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
      await this.#retire();
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
        await this.#writeDrafts(await this.#syncState(now), now);
        return this.#size > 0 ? await this.#rotate(now, "manual") : undefined;
      } finally {
        this.#lock.release();
      }
    });
  }

  /** Waits for queued appends and pending fsyncs, then closes the files. */
  async close(): Promise<void> {
    while (this.#draining || this.#queue.length) await this.#exclusive(() => {});
    await this.#exclusive(() => this.#retire());
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
          if (this.#canWriteNow()) {
            this.#finishJobs(
              jobs,
              this.#writeDrafts(jobs.flatMap((job) => job.drafts), this.#now()),
            );
          } else await this.#exclusive(() => this.#writeJobs(jobs));
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

  async #writeJobs(jobs: Job[]): Promise<void> {
    const taken = await this.#flock();
    const now = this.#now();
    if (taken || this.#size < 0 || !this.#file) this.#writeDrafts(await this.#syncState(now), now);
    const reason = this.#rotationReason(now);
    if (reason) await this.#rotate(now, reason);
    this.#finishJobs(jobs, this.#writeDrafts(jobs.flatMap((job) => job.drafts), now));
  }

  /** Applies the fsync policy to written jobs and settles them; keeps the lock while busy. */
  #finishJobs(jobs: Job[], records: EventRecord[]): void {
    if (this.settings.fsync === "always") this.#file!.syncDataSync();
    this.#lock.afterWrite();
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
   * no maintenance is queued, and the log is not due for rotation.
   */
  #canWriteNow(): boolean {
    return this.#pending === 0 && this.#lock.fresh && this.#size >= 0 &&
      this.#rotationReason(this.#now()) === undefined;
  }

  /** Chains and writes drafts with one write call; rolls back on failure. */
  #writeDrafts(drafts: EventDraft[], now: number): EventRecord[] {
    if (drafts.length === 0) return [];
    const records: EventRecord[] = new Array(drafts.length);
    const out = this.#out;
    let seq = this.#seq;
    let prevHash = this.#prevHash;
    for (let i = 0; i < drafts.length; i++) {
      const draft = drafts[i];
      const record = chainRecord(draft, draft.id ?? newUlid(now), now, ++seq, prevHash);
      const { line, hash } = serializeEvent(record);
      record.hash = hash;
      records[i] = record;
      out.push(line + "\n");
      prevHash = hash;
    }
    const data = out.bytes();
    try {
      writeAllSync(this.#file!, data);
    } catch (error) {
      this.#rollback();
      throw error;
    } finally {
      out.clear();
    }
    this.#size += data.length;
    this.#seq = seq;
    this.#prevHash = prevHash;
    this.#firstTs ??= now;
    return records;
  }

  #rollback(): void {
    try {
      this.#file!.truncateSync(this.#size);
    } catch {
      this.#size = -1; // could not cut the partial line off: the next append re-reads and repairs the tail
    }
  }

  /** Brings the cached tail up to date with the file; returns repair events to write first. */
  async #syncState(now: number): Promise<EventDraft[]> {
    let info: Deno.FileInfo | undefined;
    try {
      info = Deno.statSync(this.files.log);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (
      info && this.#file && info.ino === this.#ino && info.size === this.#size &&
      this.#tailMatches()
    ) {
      return [];
    }
    if (!info || !this.#file || info.ino !== this.#ino) await this.#open(info === undefined);
    const size = info?.size ?? 0;
    const { state, repairs } = inspectTail(
      this.#file!,
      size,
      "log.ndjson",
      this.files.quarantine,
      now,
    );
    this.#size = state.size;
    this.#seq = state.seq;
    this.#prevHash = state.prevHash;
    this.#firstTs = state.size > 0 ? firstEventTime(this.#file!, state.size) : undefined;
    const drafts: EventDraft[] = repairs.map((repair) => ({
      type: "events.quarantined",
      payload: { ...repair, quarantine: basename(this.files.quarantine) },
    }));
    if (state.seq === 0) {
      const link = await this.#archiveLink();
      if (link) drafts.unshift(link);
    }
    return drafts;
  }

  /** Cheap check that the file still ends with the hash we last wrote or read. */
  #tailMatches(): boolean {
    if (this.#size === 0) return true;
    if (this.#size < 68) return false;
    const bytes = readAt(this.#file!, this.#size - 67, 64);
    if (bytes.length !== 64) return false;
    for (let i = 0; i < 64; i++) if (bytes[i] !== this.#prevHash.charCodeAt(i)) return false;
    return true;
  }

  /** A log starting empty while archives exist continues the newest archive's chain. */
  async #archiveLink(): Promise<EventDraft | undefined> {
    const tail = await newestArchiveTail(this.files.archive);
    if (!tail) return undefined;
    this.#seq = tail.seq;
    this.#prevHash = tail.hash;
    return {
      type: "events.rotated",
      payload: {
        archive: tail.archive,
        lastSeq: tail.seq,
        lastHash: tail.hash,
        reason: "recovered",
      },
    };
  }

  async #open(create: boolean): Promise<void> {
    await this.#retire();
    Deno.mkdirSync(this.files.dir, { recursive: true });
    this.#file = Deno.openSync(this.files.log, { read: true, append: true, create: true });
    if (create) syncDirectorySync(this.files.dir);
    this.#ino = this.#file.statSync().ino;
    this.#size = -1;
  }

  #rotationReason(now: number): "size" | "age" | undefined {
    if (this.#size >= this.settings.rotateBytes) return "size";
    const maxAge = this.settings.rotateAgeHours * 3_600_000;
    if (this.#size > 0 && this.#firstTs !== undefined && now - this.#firstTs >= maxAge) {
      return "age";
    }
    return undefined;
  }

  /** Moves the live log to the archive and starts a new file linked to it. */
  async #rotate(now: number, reason: "size" | "age" | "manual"): Promise<string> {
    this.#file!.syncDataSync();
    const link = { lastSeq: this.#seq, lastHash: this.#prevHash };
    const plain = moveLogToArchive(this.files.log, this.files.archive, now);
    await this.#open(true);
    this.#size = 0;
    this.#firstTs = undefined;
    const archive = basename(plain) + ".gz";
    this.#writeDrafts([{ type: "events.rotated", payload: { archive, ...link, reason } }], now);
    this.#file!.syncDataSync();
    await compressPendingArchives(this.files.archive);
    applyRetention(this.files.archive, this.settings.retainArchives);
    return archive;
  }

  /** Takes the log's flock (unless still held); `true` when taken now. */
  #flock(): Promise<boolean> {
    return this.#lock.acquire();
  }

  /** Syncs and closes the current file descriptor, settling its group-commit waiters. */
  async #retire(): Promise<void> {
    await this.#group.detach(this.#file, this.settings.fsync !== "never"); // syncs the old file
    if (!this.#file) return;
    this.#file.close();
    this.#file = undefined;
    this.#size = -1;
  }
}

function wrapError(error: unknown, log: string): unknown {
  if (error instanceof SuperAgentsError) return error;
  return new SuperAgentsError("EVENT_APPEND_FAILED", `cannot append to ${log}: ${error}`, {
    hint: "check free disk space and the permissions of .claude/events/",
    cause: error,
  });
}
