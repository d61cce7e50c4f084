/**
 * Event bus benchmark (`deno task bench events`). Every figure is printed
 * next to a reference measured in the same run on the same disk:
 *
 * 1. Appends/s with fsync per event (sequential awaited appends) next to a
 *    raw `O_APPEND` loop of write + fdatasync per line.
 * 2. Group commit with durability (many concurrent producers, each awaiting
 *    its fsync) next to a raw loop that writes each line and fdatasyncs at
 *    most every `groupCommitMs`.
 * 3. No sync: sequential awaited appends, and concurrent producers
 *    (coalesced writes), next to a raw write-per-line loop.
 * 4. Multi-process: 8 writer processes × 2,000 events, wall time.
 * 5. `verify` lines/s over a large log, next to bare JSON.parse + SHA-256 of
 *    the same lines; and node:crypto SHA-256 next to crypto.subtle.
 *
 * Goals: fsync-per-event ≥ 90% of the raw fsync loop; group commit ≥ 20,000
 * durable events/s; verify ≥ 200,000 lines/s.
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { type AppenderSettings, EventAppender } from "../../core/events/appender.ts";
import { eventLogPaths } from "../../core/events/event_paths.ts";
import { verifyLog } from "../../core/events/verify.ts";
import { projectPaths } from "../../core/paths.ts";
import { spawnWriter } from "../../tests/support/event_writer.ts";

const FSYNC_EVENTS = Number(Deno.env.get("BENCH_EVENTS_FSYNC") ?? 4_000); // 100 per round
const GROUP_EVENTS = Number(Deno.env.get("BENCH_EVENTS_GROUP") ?? 50_000);
const GROUP_PRODUCERS = Number(Deno.env.get("BENCH_EVENTS_PRODUCERS") ?? 256);
const NOSYNC_EVENTS = Number(Deno.env.get("BENCH_EVENTS_NOSYNC") ?? 50_000);
const VERIFY_EVENTS = Number(Deno.env.get("BENCH_EVENTS_VERIFY") ?? 300_000);
const GROUP_MS = 5;

const base: AppenderSettings = {
  fsync: "never",
  groupCommitMs: GROUP_MS,
  rotateBytes: 1024 * 1024 * 1024,
  rotateAgeHours: 24 * 365,
  retainArchives: 0,
};

const perSecond = (count: number, ms: number) => count / (ms / 1000);
const fmt = (value: number) => Math.round(value).toLocaleString("en-US");
const payload = (i: number) => ({ i, note: "benchmark event", tags: ["a", "b"] });

async function tempProject(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bench-events-", dir: Deno.env.get("BENCH_DIR") });
  await Deno.mkdir(join(root, ".claude", "events"), { recursive: true });
  return root;
}

/** A line of the same size as ours, for the raw loops. */
function rawLine(i: number): Uint8Array {
  const line = JSON.stringify({
    id: "01JABCDEFGHJKMNPQRSTVWXYZ0",
    payload: payload(i),
    prev_hash: "0".repeat(64),
    seq: i + 1,
    ts: Date.now(),
    type: "bench.event",
    hash: "f".repeat(64),
  });
  return new TextEncoder().encode(line + "\n");
}

/**
 * Our appender and the raw loop run in alternating rounds on the same disk,
 * so load from other processes hits both alike; the totals are compared.
 */
async function interleaved(
  settings: Partial<AppenderSettings>,
  policy: "always" | "group" | "never",
  count: number,
  producers: number,
): Promise<{ ours: number; raw: number }> {
  const root = await tempProject();
  const appender = new EventAppender(eventLogPaths(projectPaths(root)), { ...base, ...settings });
  await appender.append({ type: "bench.warmup" });
  const rawFile = Deno.openSync(join(root, "raw.ndjson"), { append: true, create: true });
  const rounds = 40; // fine-grained, so drift in disk speed hits both sides alike
  const perRound = Math.ceil(count / rounds);
  let oursMs = 0;
  let rawMs = 0;
  let next = 0;
  for (let round = 0; round < rounds; round++) {
    rawMs += rawRound(rawFile, round * perRound, perRound, policy);
    const limit = next + perRound;
    const start = performance.now();
    const producer = async () => {
      while (next < limit) {
        const i = next++;
        await appender.append({ type: "bench.event", payload: payload(i) }, { durable: true });
      }
    };
    await Promise.all(Array.from({ length: producers }, producer));
    oursMs += performance.now() - start;
  }
  rawFile.close();
  await appender.close();
  await Deno.remove(root, { recursive: true });
  return { ours: perSecond(rounds * perRound, oursMs), raw: perSecond(rounds * perRound, rawMs) };
}

/** Raw O_APPEND writes of same-sized lines with the same fsync policy; returns ms. */
function rawRound(
  file: Deno.FsFile,
  from: number,
  count: number,
  policy: "always" | "group" | "never",
): number {
  const start = performance.now();
  let lastSync = start;
  for (let i = from; i < from + count; i++) {
    file.writeSync(rawLine(i));
    if (policy === "always") file.syncDataSync();
    else if (policy === "group" && performance.now() - lastSync >= GROUP_MS) {
      file.syncDataSync();
      lastSync = performance.now();
    }
  }
  if (policy === "group") file.syncDataSync();
  return performance.now() - start;
}

function row(
  name: string,
  ours: number,
  reference: number,
  referenceName: string,
  goal?: string,
  unit = "ev/s",
) {
  const ratio = (100 * ours / reference).toFixed(0);
  console.log(
    `  ${name.padEnd(34)} ${fmt(ours).padStart(9)} ${unit}   ${referenceName} ${
      fmt(reference).padStart(9)
    }/s   = ${ratio}%${goal ? `   (goal ${goal})` : ""}`,
  );
}

async function multiProcess(): Promise<void> {
  const root = await tempProject();
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, w) => spawnWriter(root, w, 2000).output()),
  );
  const elapsed = performance.now() - start;
  if (results.some((result) => result.code !== 0)) throw new Error("a writer process failed");
  const report = await verifyLog(eventLogPaths(projectPaths(root)));
  if (!report.ok || report.lines !== 16_000) throw new Error(`bad log: ${JSON.stringify(report)}`);
  console.log(
    `  8 processes × 2,000 (no sync)      ${fmt(perSecond(16_000, elapsed)).padStart(9)} ev/s   ` +
      `wall ${elapsed.toFixed(0)} ms incl. process start; 16,000 lines, chain verifies`,
  );
  await Deno.remove(root, { recursive: true });
}

async function verifySpeed(): Promise<void> {
  const root = await tempProject();
  const files = eventLogPaths(projectPaths(root));
  const appender = new EventAppender(files, base);
  for (let i = 0; i < VERIFY_EVENTS; i += 1000) {
    await appender.appendBatch(
      Array.from({ length: 1000 }, (_, j) => ({ type: "bench.event", payload: payload(i + j) })),
    );
  }
  await appender.close();
  const start = performance.now();
  const report = await verifyLog(files);
  const elapsed = performance.now() - start;
  if (!report.ok) throw new Error("verify failed on a fresh log");
  const lines = (await Deno.readTextFile(files.log)).split("\n").slice(0, -1);
  const refStart = performance.now();
  for (const line of lines) {
    JSON.parse(line);
    createHash("sha256").update(line).digest("hex");
  }
  const refElapsed = performance.now() - refStart;
  row(
    `verify (${fmt(VERIFY_EVENTS)} lines)`,
    perSecond(report.lines, elapsed),
    perSecond(lines.length, refElapsed),
    "parse+sha256 in memory",
    "≥ 200,000 lines/s",
    "lines/s",
  );
  const sample = lines.slice(0, 20_000);
  const nodeStart = performance.now();
  for (const line of sample) createHash("sha256").update(line).digest("hex");
  const nodeRate = perSecond(sample.length, performance.now() - nodeStart);
  const encoder = new TextEncoder();
  const subtleStart = performance.now();
  for (const line of sample) await crypto.subtle.digest("SHA-256", encoder.encode(line));
  const subtleRate = perSecond(sample.length, performance.now() - subtleStart);
  row(
    "sha256 node:crypto createHash",
    nodeRate,
    subtleRate,
    "crypto.subtle (awaited)",
    undefined,
    "hashes/s",
  );
  await Deno.remove(root, { recursive: true });
}

console.log(`event bus (disk: ${Deno.env.get("BENCH_DIR") ?? "system temp dir"})`);
const always = await interleaved({ fsync: "always" }, "always", FSYNC_EVENTS, 1);
row("fsync per event (sequential)", always.ours, always.raw, "raw write+fdatasync", "≥ 90%");
const group = await interleaved({ fsync: "group" }, "group", GROUP_EVENTS, GROUP_PRODUCERS);
row(
  `group commit, durable, ${GROUP_PRODUCERS} producers`,
  group.ours,
  group.raw,
  `raw write, sync/${GROUP_MS}ms`,
  "≥ 20,000 ev/s",
);
const noSync = await interleaved({ fsync: "never" }, "never", NOSYNC_EVENTS, 1);
row("no sync (sequential)", noSync.ours, noSync.raw, "raw write");
const noSyncMany = await interleaved({ fsync: "never" }, "never", NOSYNC_EVENTS, GROUP_PRODUCERS);
row(`no sync, ${GROUP_PRODUCERS} producers`, noSyncMany.ours, noSyncMany.raw, "raw write");
await multiProcess();
await verifySpeed();
