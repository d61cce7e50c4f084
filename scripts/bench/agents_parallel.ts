/**
 * Agents in parallel, as users run them (`deno run -A scripts/bench/agents_parallel.ts`):
 * N model-bound `reviewer-agent` jobs × T turns (each turn but the last
 * reads a file through the sandboxed tool host) are queued in a temp
 * project and run by a real `super-agents worker --once` with no flags and
 * no config, against the fake Messages API with injected latency. Printed
 * next to the ideal (turns × latency) in the same run: wall time, most
 * calls in flight (counted by the fake), and MiB of the worker's peak RSS
 * per in-flight job (peak RSS minus that of an idle `worker --once`).
 *
 * Second, rate-limited: the fake answers 429 (`retry-after: 1`) above
 * `BENCH_LIMIT` concurrent calls; no job may fail, and throughput should be
 * within 20% of the limit's (limit / latency calls per second).
 *
 * First of all, the acceptance case: 32 one-turn jobs (goal ≤ 3 s, ≥ 16 in flight).
 * The rate-limited variant runs BENCH_RUNS times (default 5): every run should be within 20%.
 *
 * Knobs: BENCH_JOBS (64), BENCH_TURNS (3), BENCH_LATENCY_MS (1000), BENCH_LIMIT (16),
 * BENCH_RUNS (5).
 * @module
 */

import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { createSandbox, type Sandbox } from "../../tests/support/cli.ts";
import { startFakeAnthropic, text, toolUse } from "../../tests/support/fake_anthropic.ts";

const JOBS = Number(Deno.env.get("BENCH_JOBS") ?? 64);
const TURNS = Number(Deno.env.get("BENCH_TURNS") ?? 3);
const LATENCY_MS = Number(Deno.env.get("BENCH_LATENCY_MS") ?? 1000);
const LIMIT = Number(Deno.env.get("BENCH_LIMIT") ?? 16);
const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? 5);
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

interface Run {
  wallMs: number;
  peakRssMib: number;
  /** CPU seconds (user + system) of the worker, last sampled just before it exited. */
  cpuSeconds: number;
  summary: {
    succeeded: number;
    dead: number;
    retried: number;
    lanes?: { model: { peak: number; ceiling: number; max: number } };
  };
  stderr: string;
}

async function project(jobs: number): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  await Deno.writeTextFile(join(sandbox.project, "README.md"), "# bench\n");
  const queue = await openQueue(projectPaths(sandbox.project), defaultConfig());
  await queue.enqueueMany(
    Array.from({ length: jobs }, (_, i) => ({ agent: "reviewer-agent", input: `review #${i}` })),
  );
  await queue.close();
  return sandbox;
}

/** Peak RSS of a process (VmHWM), in MiB, read while it runs. */
async function peakRss(pid: number): Promise<number> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process ended between two reads
  }
}

/** User + system CPU seconds of a process so far (its threads included). */
async function cpuTime(pid: number): Promise<number> {
  try {
    const fields = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
  } catch {
    return 0; // the process ended between two reads
  }
}

async function worker(sandbox: Sandbox, env: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--cached-only", MAIN, "worker", "--once", "--json"],
    cwd: sandbox.project,
    env: { NO_COLOR: "1", ...sandbox.env, SUPER_AGENTS_QUEUE_POLL_MS: "20", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let peak = 0;
  let cpuSeconds = 0;
  const sampler = setInterval(async () => {
    peak = Math.max(peak, await peakRss(child.pid));
    cpuSeconds = Math.max(cpuSeconds, await cpuTime(child.pid));
  }, 100);
  const output = await child.output();
  clearInterval(sampler);
  const wallMs = performance.now() - started;
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  if (!output.success) throw new Error(`worker failed: ${stderr}`);
  return {
    wallMs,
    peakRssMib: peak,
    cpuSeconds,
    summary: JSON.parse(stdout.trim().split("\n").pop()!),
    stderr,
  };
}

async function scenario(
  label: string,
  options: { maxConcurrent?: number; jobs: number; turns?: number },
) {
  const turns = options.turns ?? TURNS;
  const fake = await startFakeAnthropic({
    latencyMs: LATENCY_MS,
    maxConcurrent: options.maxConcurrent,
    // deno-lint-ignore no-explicit-any
    responder: (body: any) =>
      body.messages.length < 2 * turns - 1
        ? toolUse("Read", { file_path: "README.md" })
        : text("LGTM"),
  });
  const env = { ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: fake.url };
  const sandbox = await project(options.jobs);
  try {
    const run = await worker(sandbox, env);
    const served = fake.messageRequests().length - fake.throttled();
    return { label, run, peak: fake.peakInFlight(), throttled: fake.throttled(), served, env };
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
}

// The worker's own footprint: the same command with nothing to do.
const idleSandbox = await project(0);
const idle = await worker(idleSandbox, { ANTHROPIC_API_KEY: "sk-bench" });
await idleSandbox.cleanup();

// The acceptance case of issue 16: 32 one-turn jobs, no flags, no config.
const short = await scenario("32 × 1", { jobs: 32, turns: 1 });
console.log(
  `32 jobs × 1 turn at ${LATENCY_MS} ms: ${(short.run.wallMs / 1000).toFixed(2)} s ` +
    `(ideal ${(LATENCY_MS / 1000).toFixed(2)} s; goal ≤ 3 s), ${short.peak} calls in flight ` +
    `(goal ≥ 16), ${short.run.summary.succeeded} succeeded, ${short.run.summary.dead} dead`,
);

const ideal = TURNS * LATENCY_MS;
const wide = await scenario("unlimited", { jobs: JOBS });
const s = wide.run;
console.log(
  `${JOBS} jobs × ${TURNS} turns at ${LATENCY_MS} ms: ${(s.wallMs / 1000).toFixed(2)} s ` +
    `(ideal ${(ideal / 1000).toFixed(2)} s, ${(s.wallMs / ideal).toFixed(2)}×), ` +
    `${wide.peak} calls in flight, ${s.summary.succeeded} succeeded, ${s.summary.dead} dead`,
);
console.log(
  `  worker peak RSS ${s.peakRssMib.toFixed(0)} MiB (idle ${idle.peakRssMib.toFixed(0)} MiB): ` +
    `${
      ((s.peakRssMib - idle.peakRssMib) / Math.max(1, wide.peak)).toFixed(2)
    } MiB per in-flight job; worker CPU ${s.cpuSeconds.toFixed(2)} s ` +
    `(idle ${idle.cpuSeconds.toFixed(2)} s)`,
);

const calls = JOBS * TURNS;
const limitRate = LIMIT / (LATENCY_MS / 1000);
const shares: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const limited = await scenario("rate-limited", { jobs: JOBS, maxConcurrent: LIMIT });
  const l = limited.run;
  const rate = calls / (l.wallMs / 1000);
  shares.push(100 * rate / limitRate);
  console.log(
    `rate-limited run ${run}/${RUNS} at ${LIMIT} concurrent (429 + retry-after 1 s above): ` +
      `${(l.wallMs / 1000).toFixed(2)} s, ${rate.toFixed(1)} calls/s vs limit ${
        limitRate.toFixed(1)
      } (${shares.at(-1)!.toFixed(0)}%), ${limited.peak} served at once (limit ${LIMIT}), ` +
      `${limited.throttled} answered 429 (the first wave: ${Math.max(0, JOBS - LIMIT)}), ` +
      `${limited.served} calls served (${calls} needed), ${l.summary.succeeded} succeeded, ` +
      `${l.summary.retried} retried, ${l.summary.dead} dead, ` +
      `model lane ceiling at the end ${l.summary.lanes?.model.ceiling ?? "?"}`,
  );
}
const sorted = shares.toSorted((a, b) => a - b);
console.log(
  `  rate-limited throughput over ${RUNS} runs: ${sorted.map((x) => x.toFixed(0)).join(", ")}% ` +
    `of the limit (median ${sorted[Math.floor(RUNS / 2)].toFixed(0)}%; goal ≥ 80% in every run)`,
);
