/**
 * A logger with a pluggable line sink, for embedding the KM app where the
 * file logger of `core/log.ts` does not fit (tests, in-process servers). It
 * has the same level methods as `core/log.ts`, so either can be passed as
 * `KmAppOptions.log`; the KM server process itself logs through `core/log.ts`.
 * @module
 */

import type { KmLog } from "./app.ts";

/** Log levels in increasing severity. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger writing one JSON object per line to `write` (default stderr).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const log = createServerLogger({ component: "km", write: (line) => lines.push(line) });
 * log.error("request failed", { path: "/api/knowledge" });
 * ```
 */
export function createServerLogger(options: {
  component: string;
  level?: LogLevel;
  write?: (line: string) => void;
}): KmLog {
  const encoder = new TextEncoder();
  const write = options.write ?? ((line: string) => Deno.stderr.writeSync(encoder.encode(line)));
  const min = rank[options.level ?? "info"];
  const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (rank[level] < min) return;
    const record = { ts: new Date().toISOString(), level, component: options.component, msg };
    write(JSON.stringify(fields ? { ...record, fields } : record) + "\n");
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
