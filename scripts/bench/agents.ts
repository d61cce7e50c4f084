/**
 * Agent runtime benchmarks against the fake Messages API (loopback, no
 * model latency), each printed next to a reference measured in the same run:
 * - orchestration overhead per agent turn: a 21-turn task minus a 1-turn
 *   task, divided by 20, minus the fake server's own time — routing, the SDK
 *   call, the sandboxed tool call, relays, events; reference: the same
 *   requests made by the bare SDK in a loop (no tools, no sandbox, no events);
 * - 100 one-turn tasks through the worker pool (4 workers), wall time and
 *   per task; reference: 100 bare SDK calls, sequential.
 * Goal: overhead ≤ 5 ms per turn.
 * @module
 */

import { join } from "node:path";
import { loadCatalog } from "../../agents/catalog.ts";
import { runAgent } from "../../agents/run_agent.ts";
import { createAgentPool } from "../../agents/run_in_pool.ts";
import { defaultConfig } from "../../core/config/schema.ts";
import { createContext } from "../../core/context.ts";
import { closeEventLogs } from "../../core/events/emit.ts";
import { projectPaths } from "../../core/paths.ts";
import { installBuiltinPlugins } from "../../plugins/builtin.ts";
import { anthropicClient } from "../../plugins/anthropic/run.ts";
import { startFakeAnthropic, text, toolUse } from "../../tests/support/fake_anthropic.ts";

installBuiltinPlugins(); // the anthropic provider and executor are the anthropic plugin's
const RUNS = 5;
const root = await Deno.makeTempDir({ prefix: "agents-bench-" });
for (const dir of ["state", "events", "agents", "workspaces"]) {
  await Deno.mkdir(join(root, ".claude", dir), { recursive: true });
}
await Deno.writeTextFile(join(root, "README.md"), "# bench\n");
const paths = projectPaths(root);
const config = defaultConfig();
const catalog = await loadCatalog();
const agent = catalog.get("developer-agent");

let turnsLeft = 0;
const fake = await startFakeAnthropic({
  responder: () => turnsLeft-- > 1 ? toolUse("Read", { file_path: "README.md" }) : text("done"),
});
const ctx = createContext({
  cwd: root,
  env: (name) =>
    ({ ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: fake.url } as Record<string, string>)[
      name
    ] ??
      Deno.env.get(name),
});
const pool = createAgentPool(paths, config, 4);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const serverTime = (from: number) =>
  fake.requests.slice(from).reduce((sum, r) => sum + r.serverMs, 0);

async function timedTask(turns: number): Promise<number> {
  turnsLeft = turns;
  const before = fake.requests.length;
  const started = performance.now();
  const { result } = await runAgent({
    ctx,
    paths,
    config,
    agent,
    task: "implement the feature",
    stream: false,
    out: () => {},
    pool,
  });
  if (result.status !== "completed" || result.turns !== turns) {
    throw new Error(`bench task ended ${result.status} after ${result.turns} turns`);
  }
  return performance.now() - started - serverTime(before);
}

async function bareSdk(calls: number): Promise<number> {
  const client = await anthropicClient("sk-bench", fake.url);
  turnsLeft = 0;
  const before = fake.requests.length;
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    await client.messages.create({
      model: config.models.sonnet,
      max_tokens: 1024,
      messages: [{ role: "user", content: "hello" }],
    });
  }
  return performance.now() - started - serverTime(before);
}

await timedTask(2); // warm the worker, the SDK and the event log
await bareSdk(5);
const oneTurn: number[] = [];
const manyTurns: number[] = [];
const reference: number[] = [];
for (let i = 0; i < RUNS; i++) {
  oneTurn.push(await timedTask(1));
  manyTurns.push(await timedTask(21));
  reference.push((await bareSdk(20)) / 20);
}
const perTurn = (median(manyTurns) - median(oneTurn)) / 20;
console.log(
  `overhead per agent turn: ${perTurn.toFixed(2)} ms   ` +
    `(reference: bare SDK call ${median(reference).toFixed(2)} ms; goal ≤ 5 ms) ` +
    `${perTurn <= 5 ? "OK" : "OVER GOAL"}`,
);
console.log(`fixed cost per task (1 turn, excl. server): ${median(oneTurn).toFixed(1)} ms`);

turnsLeft = 0;
const started = performance.now();
const results = await Promise.all(
  Array.from(
    { length: 100 },
    () =>
      runAgent({ ctx, paths, config, agent, task: "answer", stream: false, out: () => {}, pool }),
  ),
);
const wall = performance.now() - started;
const failed = results.filter((r) => r.result.status !== "completed").length;
const bare = await bareSdk(100);
console.log(
  `100 one-turn tasks through the pool (4 workers): ${wall.toFixed(0)} ms, ` +
    `${(wall / 100).toFixed(2)} ms/task, ${failed} failed   ` +
    `(reference: 100 bare SDK calls ${bare.toFixed(0)} ms)`,
);

await pool.close();
await fake.close();
await closeEventLogs();
await Deno.remove(root, { recursive: true });
