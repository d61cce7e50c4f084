/**
 * Knowledge Manager benchmarks, each printed next to a reference measured in
 * the same run:
 * - `start`→healthy (median of 10 runs of the real CLI) vs an empty `deno run`
 *   and the original system's 3.5 s;
 * - `/health` round trip vs a bare `Deno.serve` hello server (ratio);
 * - knowledge search p50/p95 over 10,000 items (cache off), vs a primary-key
 *   lookup on the same database;
 * - RSS of one idle KM vs the idle hello server, and of the same KM after
 *   a search and an MCP session over HTTP (what a Claude Code session does);
 * - on that KM, started as `start` starts it (its V8 flags): search over the
 *   JSON API and MCP `tools/call knowledge_query` round trips (p50/p95 of
 *   200 each, after the session's first calls), next to its `/health`.
 * Goals: start→healthy ≤ 300 ms, search p95 ≤ 2 ms, idle RSS ≤ 60 MB, RSS
 * after use ≤ 80 MB.
 * @module
 */

import { join } from "node:path";
import { KnowledgeStore } from "../../plugins/km/store/knowledge_store.ts";
import { processRssBytes } from "../../plugins/km/process_info.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;
const base = await Deno.makeTempDir({ prefix: "km-bench-" });
const home = join(base, "home");
const project = join(base, "project");
await Deno.mkdir(join(project, ".claude"), { recursive: true });
await Deno.mkdir(home, { recursive: true });
const portMin = 30000 + Math.floor(Math.random() * 20000);
const env = {
  HOME: home,
  // The user's module cache, as after install (the CLI runs --cached-only).
  DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
  SUPER_AGENTS_PORT_MIN: String(portMin),
  SUPER_AGENTS_PORT_MAX: String(portMin + 50),
};

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;
const mb = (bytes: number | undefined) =>
  bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function cli(args: string[]): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--cached-only", main, ...args],
    cwd: project,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (!out.success) {
    throw new Error(`${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return { ms: elapsed, stdout: new TextDecoder().decode(out.stdout) };
}

async function timeEmptyScript(): Promise<number> {
  const script = join(base, "empty.ts");
  await Deno.writeTextFile(script, "");
  const started = performance.now();
  await new Deno.Command(Deno.execPath(), { args: ["run", "--quiet", script] }).output();
  return performance.now() - started;
}

async function roundTrips(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times;
}

// 1. start → healthy, and the idle KM's health round trip and RSS.
await cli(["start"]); // warm the module cache
await cli(["stop"]);
const startTimes: number[] = [];
const emptyTimes: number[] = [];
for (let i = 0; i < 10; i++) {
  emptyTimes.push(await timeEmptyScript());
  startTimes.push((await cli(["start", "--json"])).ms);
  if (i < 9) await cli(["stop"]);
}
const info = JSON.parse((await cli(["start", "--json"])).stdout);
const kmTrips = await roundTrips(`http://127.0.0.1:${info.port}/health`, 2000);
await new Promise((resolve) => setTimeout(resolve, 500));
const kmRss = processRssBytes(info.pid);
const used = await rssAfterUse(info.port, info.pid);
const usedRss = used.rss;

/**
 * The KM's RSS after the use a session makes of it: a search over the JSON
 * API, then an MCP session over Streamable HTTP (initialize, tools/list,
 * three tool calls), as Claude Code would.
 */
async function rssAfterUse(
  port: number,
  pid: number,
): Promise<{ rss: number | undefined; searchMs: number[]; toolMs: number[] }> {
  const token = (await Deno.readTextFile(join(project, ".claude/state/km.token"))).trim();
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${token}` };
  await (await fetch(`${base}/api/search?q=greeting`, { headers: auth })).body?.cancel();
  let session: string | null = null;
  let id = 0;
  const rpc = async (method: string, params: unknown, notification = false) => {
    const response = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: {
        ...auth,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...(session ? { "mcp-session-id": session } : {}),
        "mcp-protocol-version": "2025-06-18",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        method,
        params,
        ...(notification ? {} : { id: ++id }),
      }),
    });
    session ??= response.headers.get("mcp-session-id");
    const text = await response.text();
    if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${text.slice(0, 200)}`);
  };
  await rpc("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "bench", version: "1" },
  });
  await rpc("notifications/initialized", {}, true);
  await rpc("tools/list", {});
  for (const q of ["greeting", "cache", "contract"]) {
    await rpc("tools/call", { name: "knowledge_query", arguments: { q } });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rss = processRssBytes(pid);
  // Latencies of what a session does, on this KM (after the first calls: warm).
  const searchMs: number[] = [];
  const toolMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    let started = performance.now();
    await (await fetch(`${base}/api/search?q=w${i % 7}`, { headers: auth })).body?.cancel();
    searchMs.push(performance.now() - started);
    started = performance.now();
    await rpc("tools/call", { name: "knowledge_query", arguments: { q: `w${i % 7}` } });
    toolMs.push(performance.now() - started);
  }
  return { rss, searchMs, toolMs };
}

const hello = new Deno.Command(Deno.execPath(), {
  args: [
    "eval",
    "Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(port) }, () => new Response('hello'))",
  ],
  stdout: "piped",
}).spawn();
const reader = hello.stdout.pipeThrough(new TextDecoderStream()).getReader();
const helloPort = Number((await reader.read()).value);
const helloTrips = await roundTrips(`http://127.0.0.1:${helloPort}/`, 2000);
const helloRss = processRssBytes(hello.pid);
hello.kill("SIGTERM");
await hello.status;
await reader.cancel();
await cli(["stop"]);

// 2. search over 10,000 items, cache off so every query runs. Text follows a Zipf-like
// distribution over a 5,000-word vocabulary (like prose: a few very common words, a long tail).
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
const word = () => vocabulary[Math.floor(5000 ** random()) - 1];
const pick = (n: number) => Array.from({ length: n }, word);
const store = await KnowledgeStore.open(join(base, "bench.db"), { cacheSize: 0 });
const types = ["note", "decision", "howto", "convention"];
for (let i = 0; i < 10_000; i++) {
  store.add({
    title: `${pick(4).join(" ")} ${i}`,
    content: `${pick(60).join(" ")} item ${i}`,
    type: types[i % 4],
    tags: pick(2),
  });
}
const queries = Array.from({ length: 1000 }, () => pick(2).join(" "));
for (const q of queries.slice(0, 50)) store.search({ q, limit: 10 }); // warm-up
const searchTimes = queries.map((q) => {
  const started = performance.now();
  store.search({ q, limit: 10 });
  return performance.now() - started;
});
const getTimes = queries.map((_, i) => {
  const started = performance.now();
  store.get(1 + (i * 7919) % 10_000);
  return performance.now() - started;
});
store.close();
await Deno.remove(base, { recursive: true });

const startMedian = quantile(startTimes, 0.5);
const emptyMedian = quantile(emptyTimes, 0.5);
const kmP50 = quantile(kmTrips, 0.5), helloP50 = quantile(helloTrips, 0.5);
const rows: [string, string, string, string][] = [
  [
    "start→healthy (median of 10)",
    ms(startMedian),
    `empty deno run ${ms(emptyMedian)}; original 3500 ms`,
    `≤ 300 ms: ${startMedian <= 300 ? "met" : "MISSED"}`,
  ],
  [
    "/health round trip p50",
    ms(kmP50),
    `bare Deno.serve ${ms(helloP50)} (ratio ${(kmP50 / helloP50).toFixed(2)}×)`,
    "",
  ],
  [
    "/health round trip p95",
    ms(quantile(kmTrips, 0.95)),
    `bare Deno.serve ${ms(quantile(helloTrips, 0.95))}`,
    "",
  ],
  [
    "search p50, 10,000 items",
    ms(quantile(searchTimes, 0.5)),
    `pk lookup ${ms(quantile(getTimes, 0.5))}`,
    "",
  ],
  [
    "search p95, 10,000 items",
    ms(quantile(searchTimes, 0.95)),
    `pk lookup ${ms(quantile(getTimes, 0.95))}`,
    `≤ 2 ms: ${quantile(searchTimes, 0.95) <= 2 ? "met" : "MISSED"}`,
  ],
  [
    "search over HTTP p50 / p95 (KM as `start` runs it, its own small store)",
    `${ms(quantile(used.searchMs, 0.5))} / ${ms(quantile(used.searchMs, 0.95))}`,
    `/health ${ms(kmP50)} / ${ms(quantile(kmTrips, 0.95))}`,
    "",
  ],
  [
    "MCP tools/call knowledge_query p50 / p95 (same KM)",
    `${ms(quantile(used.toolMs, 0.5))} / ${ms(quantile(used.toolMs, 0.95))}`,
    `/health ${ms(kmP50)} / ${ms(quantile(kmTrips, 0.95))}`,
    "",
  ],
  [
    "KM RSS after a search and an MCP session (HTTP, 3 tool calls)",
    mb(usedRss),
    `idle ${mb(kmRss)}`,
    usedRss === undefined ? "" : `≤ 80 MB: ${usedRss <= 80 * 2 ** 20 ? "met" : "MISSED"}`,
  ],
  [
    "idle KM RSS",
    mb(kmRss),
    `bare Deno.serve ${mb(helloRss)}`,
    kmRss === undefined ? "" : `≤ 60 MB: ${kmRss <= 60 * 2 ** 20 ? "met" : "MISSED"}`,
  ],
];
const width = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) {
  console.log(
    `${row[0].padEnd(width[0])}  ${row[1].padStart(width[1])}  ${row[2].padEnd(width[2])}  ${
      row[3]
    }`,
  );
}
