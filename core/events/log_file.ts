/**
 * The live event log as this process sees it: the open descriptor and the
 * cached tail (size, last seq, last hash, time of the first event). Every
 * method runs under the log's exclusive lock (see `appender.ts`): `refresh`
 * brings the cache up to date with what other processes wrote (repairing a
 * torn tail), `write` chains and appends drafts with one write call,
 * `rotate` archives the file and starts a new one linked to it.
 * @module
 */

import { basename } from "node:path";
import {
  applyRetention,
  compressPendingArchives,
  moveLogToArchive,
  newestArchiveTail,
} from "./archive.ts";
import { chainEvent } from "./chain.ts";
import type { EventLogPaths } from "./event_paths.ts";
import { LineBuffer } from "./line_buffer.ts";
import {
  ensurePrivateDirSync,
  makeFilePrivateSync,
  PRIVATE_FILE_MODE,
} from "../secrets/private_files.ts";
import { syncDirectorySync, writeAllSync } from "./quarantine.ts";
import { type EventDraft, type EventRecord, GENESIS_HASH } from "./schema.ts";
import { firstEventTime, inspectTail, readAt } from "./tail.ts";
import { newUlid } from "./ulid.ts";

/** When the log is rotated and how many archives are kept. */
export interface RotationSettings {
  rotateBytes: number;
  rotateAgeHours: number;
  retainArchives: number;
}

/** Why a log is rotated. */
export type RotationReason = "size" | "age" | "manual";

/** The log file and its cached tail. */
export class LogFile {
  readonly files: EventLogPaths;
  #settings: RotationSettings;
  /** Runs before a descriptor is closed or replaced (the appender settles its fsync waiters). */
  #beforeClose: (file: Deno.FsFile | undefined) => Promise<void>;
  #file?: Deno.FsFile;
  #ino: number | null = null;
  #size = -1;
  #seq = 0;
  #prevHash = GENESIS_HASH;
  #firstTs?: number;
  #out = new LineBuffer();

  constructor(
    files: EventLogPaths,
    settings: RotationSettings,
    beforeClose: (file: Deno.FsFile | undefined) => Promise<void>,
  ) {
    this.files = files;
    this.#settings = settings;
    this.#beforeClose = beforeClose;
  }

  /** The descriptor written to now. */
  get file(): Deno.FsFile | undefined {
    return this.#file;
  }

  /** Bytes in the live log, as far as this process knows. */
  get size(): number {
    return this.#size;
  }

  /** Whether the cached tail is known (it stays valid while the lock has been held since). */
  get known(): boolean {
    return this.#size >= 0 && this.#file !== undefined;
  }

  /** Brings the cached tail up to date with the file; returns repair events to write first. */
  async refresh(now: number): Promise<EventDraft[]> {
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

  /** Chains and writes drafts with one write call; rolls back on failure. */
  write(drafts: EventDraft[], now: number): EventRecord[] {
    if (drafts.length === 0) return [];
    const records: EventRecord[] = new Array(drafts.length);
    const out = this.#out;
    let seq = this.#seq;
    let prevHash = this.#prevHash;
    for (let i = 0; i < drafts.length; i++) {
      const draft = drafts[i];
      const { record, line, hash } = chainEvent(
        draft,
        draft.id ?? newUlid(now),
        now,
        ++seq,
        prevHash,
      );
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

  /** Why the log is due for rotation at `now`, if it is. */
  rotationReason(now: number): "size" | "age" | undefined {
    if (this.#size >= this.#settings.rotateBytes) return "size";
    const maxAge = this.#settings.rotateAgeHours * 3_600_000;
    if (this.#size > 0 && this.#firstTs !== undefined && now - this.#firstTs >= maxAge) {
      return "age";
    }
    return undefined;
  }

  /** Moves the live log to the archive and starts a new file linked to it; returns its name. */
  async rotate(now: number, reason: RotationReason): Promise<string> {
    this.#file!.syncDataSync();
    const link = { lastSeq: this.#seq, lastHash: this.#prevHash };
    const plain = moveLogToArchive(this.files.log, this.files.archive, now);
    await this.#open(true);
    this.#size = 0;
    this.#firstTs = undefined;
    const archive = basename(plain) + ".gz";
    this.write([{ type: "events.rotated", payload: { archive, ...link, reason } }], now);
    this.#file!.syncDataSync();
    await compressPendingArchives(this.files.archive);
    applyRetention(this.files.archive, this.#settings.retainArchives);
    return archive;
  }

  /** Closes the descriptor (after `beforeClose`) and forgets the cached tail. */
  async retire(): Promise<void> {
    await this.#beforeClose(this.#file);
    if (!this.#file) return;
    this.#file.close();
    this.#file = undefined;
    this.#size = -1;
  }

  #rollback(): void {
    try {
      this.#file!.truncateSync(this.#size);
    } catch {
      this.#size = -1; // could not cut the partial line off: the next append re-reads and repairs the tail
    }
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
    await this.retire();
    // Private (0700 / 0600) even when an older version created them readable by others.
    ensurePrivateDirSync(this.files.dir);
    this.#file = Deno.openSync(this.files.log, {
      read: true,
      append: true,
      create: true,
      mode: PRIVATE_FILE_MODE,
    });
    if (create) syncDirectorySync(this.files.dir);
    const info = this.#file.statSync();
    makeFilePrivateSync(this.files.log, info);
    this.#ino = info.ino;
    this.#size = -1;
  }
}
