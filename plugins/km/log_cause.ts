/**
 * Why a KM died, read from its log (`.claude/logs/km_server.log`), for the
 * error `start` reports. The KM writes JSON lines (`core/log.ts`); what it
 * could not log itself (a failed state write, the CLI's own error report, an
 * uncaught exception) reaches the same file as plain text through the
 * detached process's stderr. Only what was written since `start` spawned the
 * KM counts, so an old failure is never blamed for a new one.
 * @module
 */

const TAIL_BYTES = 64 * 1024;

/**
 * The cause of a failed start: the last error the KM logged after `offset`,
 * else its last plain-text lines; `undefined` when it wrote nothing.
 *
 * @example
 * ```ts
 * const cause = await failureCause(".claude/logs/km_server.log", sizeBeforeSpawn);
 * ```
 */
export async function failureCause(path: string, offset: number): Promise<string | undefined> {
  const text = await readFrom(path, offset);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  let logged: string | undefined;
  const plain: string[] = [];
  for (const line of lines) {
    const record = parseRecord(line);
    if (!record) plain.push(line);
    else if (record.level === "error") {
      const error = record.fields?.error;
      logged = typeof error === "string" ? `${record.msg}: ${error}` : String(record.msg);
    }
  }
  if (logged) return logged;
  return plain.length ? plain.slice(-3).join(" / ") : undefined;
}

interface LogRecord {
  level?: unknown;
  msg?: unknown;
  fields?: Record<string, unknown>;
}

function parseRecord(line: string): LogRecord | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line);
    return value !== null && typeof value === "object" ? value as LogRecord : undefined;
  } catch {
    return undefined; // a line that only looks like JSON is plain text
  }
}

async function readFrom(path: string, offset: number): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return ""; // the KM never wrote its log
    throw error;
  }
  try {
    const size = (await file.stat()).size;
    const start = Math.max(offset, size - TAIL_BYTES);
    if (start >= size) return "";
    await file.seek(start, Deno.SeekMode.Start);
    const bytes = new Uint8Array(size - start);
    let read = 0;
    while (read < bytes.length) {
      const n = await file.read(bytes.subarray(read));
      if (n === null) break;
      read += n;
    }
    return new TextDecoder().decode(bytes.subarray(0, read));
  } finally {
    file.close();
  }
}
