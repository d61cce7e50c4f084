/**
 * Third-party executor benchmark: the cost of running a job on a plugin's
 * executor — the built-in third-party worker importing the plugin's
 * `execute` module inside the plugin's permissions, carved around the
 * protected paths, with the carved listings — next to the runtime's own
 * `noop` executor under a comparable sandbox, in the same pool and run.
 * Two figures, each a median: the first job of a fresh worker (worker start
 * and imports included; 10 workers each), and a job on a warm worker (200
 * jobs each, interleaved). Goal: a warm job within 1 ms of `noop`'s.
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { externalProvider } from "../../core/plugin_host/external/external_provider.ts";
import { thirdPartyExecutorName } from "../../core/plugin_host/host.ts";
import { WorkerPool } from "../../core/pool/worker_pool.ts";
import type { PoolTask } from "../../core/pool/pool_task.ts";
import { runtimeExecutors } from "../../agents/runtime/executors.ts";

const COLD = 10;
const WARM = 200;
const worker = new URL("../../plugins/plugin_manager/executor_worker.ts", import.meta.url);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "super-agents-bench-" }));
try {
  const root = join(base, "project");
  const plugin = join(base, "plugin");
  const dataHome = join(base, "home", ".super-agents");
  for (const dir of [join(root, ".claude", "state"), join(root, "src"), plugin, dataHome]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  await Deno.writeTextFile(
    join(plugin, "execute.ts"),
    "export const execute = () => ({ ok: true });\n",
  );
  await Deno.writeTextFile(join(plugin, "mod.ts"), "export default {};\n");
  const provider = externalProvider({
    plugin: "bench",
    specifier: plugin,
    executor: "bench",
    module: pathToFileURL(join(plugin, "execute.ts")).href,
    source: { kind: "folder", root: plugin, entry: pathToFileURL(join(plugin, "mod.ts")).href },
    granted: { read: ["."] },
    place: { root, dataHome },
  });
  const plan = provider.queued!({ name: "bench-agent", version: "v1", timeoutMs: 30_000 });
  const executor = thirdPartyExecutorName("bench", "bench");
  const place = {
    root,
    workspacesDir: join(root, ".claude", "workspaces"),
    modelApiHost: "api.anthropic.com",
  };
  const workerUrl = (name: string) =>
    name === executor ? worker : name === "noop" ? runtimeExecutors.noop : undefined;
  let n = 0;
  const task = (kind: "plugin" | "noop"): PoolTask => ({
    jobId: `job_${++n}`,
    agent: "bench-agent",
    executor: kind === "plugin" ? executor : "noop",
    input: null,
    attempt: 1,
    correlationId: null,
    dependencies: [],
    sandbox: kind === "plugin"
      ? plan.sandbox
      : { read: ["."], write: false, net: false, run: false, env: false, workspace: false },
    timeoutMs: 30_000,
    agentConfig: kind === "plugin" ? plan.agentConfig : undefined,
  });
  const timed = async (pool: WorkerPool, kind: "plugin" | "noop") => {
    const started = performance.now();
    const outcome = await pool.run(task(kind));
    if (outcome.kind !== "succeeded") throw new Error(`${kind}: ${JSON.stringify(outcome)}`);
    return performance.now() - started;
  };

  const cold = { plugin: [] as number[], noop: [] as number[] };
  for (let i = 0; i < COLD; i++) {
    for (const kind of ["plugin", "noop"] as const) {
      const pool = new WorkerPool({ workerUrl, size: 1, place });
      cold[kind].push(await timed(pool, kind));
      await pool.close();
    }
  }
  const warm = { plugin: [] as number[], noop: [] as number[] };
  const pools = {
    plugin: new WorkerPool({ workerUrl, size: 1, place }),
    noop: new WorkerPool({ workerUrl, size: 1, place }),
  };
  for (const kind of ["plugin", "noop"] as const) await timed(pools[kind], kind); // start both
  for (let i = 0; i < WARM; i++) {
    for (const kind of ["plugin", "noop"] as const) warm[kind].push(await timed(pools[kind], kind));
  }
  for (const pool of Object.values(pools)) await pool.close();

  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const extra = median(warm.plugin) - median(warm.noop);
  console.log(
    `third-party executor vs the runtime's noop, medians (${Deno.build.os}, deno ${Deno.version.deno})`,
  );
  console.log(
    `  first job of a fresh worker: plugin ${ms(median(cold.plugin))}  noop ${
      ms(median(cold.noop))
    } (reference)`,
  );
  console.log(
    `  job on a warm worker:        plugin ${ms(median(warm.plugin))}  noop ${
      ms(median(warm.noop))
    } (reference)`,
  );
  console.log(
    `goal: a warm job within 1 ms of noop's → ${extra >= 0 ? "+" : ""}${ms(extra)} (${
      extra <= 1 ? "met" : "missed"
    })`,
  );
} finally {
  await Deno.remove(base, { recursive: true });
}
