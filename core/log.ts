/**
 * Structured logging for every component: one JSON object per line with
 * `ts` (ISO time), `level`, `component`, `msg` and optional `fields`. Lines
 * go to a file (appended with one write call, rotated by size keeping `keep`
 * old files `<file>.1` … `<file>.N`) or to stderr when no file is given.
 * `--debug` selects level `debug` (see {@linkcode logLevelFor}).
 * Log files are private (0600, and `.claude/logs` 0700), since a log line
 * can carry whatever a component saw.
 * @module
 */

import { dirname } from "node:path";
import {
  ensurePrivateDirSync,
  makeFilePrivateSync,
  PRIVATE_FILE_MODE,
  privateDirOf,
} from "./secrets/private_files.ts";

/** Severity, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@linkcode createLogger}. */
export interface LoggerOptions {
  /** Component name recorded on every line, e.g. `km` or `worker`. */
  component: string;
  /** Log file; stderr when absent. */
  file?: string;
  /** Minimum level written (default `info`). */
  level?: LogLevel;
  /** Rotate when the file would grow past this many bytes (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept (default 3). */
  keep?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** A structured logger. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger for a sub-component (`km.http`) sharing the same sink. */
  child(component: string): Logger;
  /** Closes the log file (stderr loggers need no closing). */
  close(): void;
}

/** The level for a command: `debug` under `--debug`, else the configured level. */
export function logLevelFor(debug: boolean, configured: LogLevel = "info"): LogLevel {
  return debug ? "debug" : configured;
}

/**
 * Creates a logger.
 *
 * @example
 * ```ts
 * const log = createLogger({ component: "km", file: join(paths.logs, "km.log") });
 * log.info("listening", { port: 5001 });
 * // {"ts":"2025-06-01T12:00:00.000Z","level":"info","component":"km","msg":"listening","fields":{"port":5001}}
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const sink = options.file
    ? new FileSink(options.file, options.maxBytes ?? 5 * 1024 * 1024, options.keep ?? 3)
    : stderrSink;
  return makeLogger(
    options.component,
    RANK[options.level ?? "info"],
    sink,
    options.now ?? Date.now,
  );
}

interface Sink {
  write(line: string): void;
  close(): void;
}

const stderrSink: Sink = {
  write(line) {
    const bytes = new TextEncoder().encode(line);
    let written = 0;
    while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
  },
  close() {/* stderr stays open */},
};

function makeLogger(component: string, min: number, sink: Sink, now: () => number): Logger {
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < min) return;
    const entry: Record<string, unknown> = {
      ts: new Date(now()).toISOString(),
      level,
      component,
      msg,
    };
    if (fields && Object.keys(fields).length > 0) entry.fields = fields;
    sink.write(JSON.stringify(entry, replaceErrors) + "\n");
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (name) => makeLogger(`${component}.${name}`, min, sink, now),
    close: () => sink.close(),
  };
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Appends to a file and rotates it by size; safe with several processes writing. */
class FileSink implements Sink {
  #path: string;
  #maxBytes: number;
  #keep: number;
  #file?: Deno.FsFile;
  #ino: number | null = null;
  #size = 0;
  #writes = 0;

  constructor(path: string, maxBytes: number, keep: number) {
    this.#path = path;
    this.#maxBytes = maxBytes;
    this.#keep = keep;
    // Now rather than at the first line: another process may have created the file (the shell
    // that starts the KM appends its output to the KM's log).
    const info = statOf(path);
    if (info) this.#makePrivate(info);
  }

  write(line: string): void {
    const bytes = new TextEncoder().encode(line);
    // Check the real file every 64 lines too, in case another process rotated it.
    if (!this.#file || this.#size + bytes.length > this.#maxBytes || ++this.#writes % 64 === 0) {
      this.#refresh(bytes.length);
    }
    let written = 0;
    while (written < bytes.length) written += this.#file!.writeSync(bytes.subarray(written));
    this.#size += bytes.length;
  }

  close(): void {
    this.#file?.close();
    this.#file = undefined;
  }

  #refresh(incoming: number): void {
    let info: Deno.FileInfo | undefined;
    try {
      info = Deno.statSync(this.#path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (info && info.size > 0 && info.size + incoming > this.#maxBytes) {
      this.#rotate(incoming);
      info = undefined;
    }
    if (!this.#file || !info || info.ino !== this.#ino) this.#reopen();
    else this.#size = info.size;
  }

  #rotate(incoming: number): void {
    // Rename under a lock so two processes do not shift the same files twice.
    const lockPath = `${this.#path}.lock`;
    const lock = Deno.openSync(lockPath, {
      read: true,
      write: true,
      create: true,
      mode: PRIVATE_FILE_MODE,
    });
    try {
      lock.lockSync(true);
      const size = statSize(this.#path);
      if (size === undefined || size + incoming <= this.#maxBytes) return; // another process rotated it
      if (this.#keep <= 0) {
        Deno.removeSync(this.#path);
        return;
      }
      for (let n = this.#keep - 1; n >= 1; n--) {
        renameIfExists(`${this.#path}.${n}`, `${this.#path}.${n + 1}`);
      }
      renameIfExists(this.#path, `${this.#path}.1`);
    } finally {
      lock.close();
    }
  }

  /** 0600, and its directory 0700 when it is `.claude/logs` (or another private directory). */
  #makePrivate(info: Deno.FileInfo): void {
    makeFilePrivateSync(this.#path, info);
    const privateDir = privateDirOf(this.#path);
    if (privateDir) ensurePrivateDirSync(privateDir);
  }

  #reopen(): void {
    this.#file?.close();
    const privateDir = privateDirOf(this.#path);
    if (privateDir) ensurePrivateDirSync(privateDir);
    Deno.mkdirSync(dirname(this.#path), { recursive: true });
    this.#file = Deno.openSync(this.#path, { append: true, create: true, mode: PRIVATE_FILE_MODE });
    const info = this.#file.statSync();
    makeFilePrivateSync(this.#path, info);
    this.#ino = info.ino;
    this.#size = info.size;
  }
}

function statSize(path: string): number | undefined {
  return statOf(path)?.size;
}

function statOf(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    Deno.renameSync(from, to);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
