/**
 * Parallel flows (`deno run -A scripts/bench/flows.ts`).
 *
 * First, a 4-subtask `software` flow on the fake Messages API with a fixed
 * latency per reply, run by a real `super-agents worker --once`: once with
 * `--width 4` (the developers in parallel, each in its own worktree) and,
 * in the same run, the same work with `--width 1` (one developer at a
 * time). Every developer takes BENCH_DEV_TURNS turns (writing its file,
 * reading it back), pm, architect, reviewer and test executor one each;
 * the flow runs for each workload given (8 and 20 turns by default: the
 * four single-turn steps run once in both runs, so they bound the whole
 * flow's speed-up at (4 + 4t) / (4 + t), 3.00× at 8 turns and 3.50× at 20).
 * Printed per workload: wall time of the whole flow and of its fan-out
 * (first developer start to last developer end), parallel next to serial,
 * and the whole flow's ideal.
 *
 * Second, what isolation costs: creating and removing one worktree (with
 * its branch) in a clone of this repository, median of BENCH_REPEAT, next to
 * materialising the same tree without git's bookkeeping (`git archive HEAD
 * | tar -x`) in the same run.
 *
 * Knobs: BENCH_LATENCY_MS (300), BENCH_DEV_TURNS (`8,20`), BENCH_REPEAT (5),
 * BENCH_FLOW_WORKER (`once`: `worker --once` started after the task, as CI
 * runs it; `running`: a worker already up, as `start` runs it, timed from
 * the task's creation to its last job's end). The
 * project's configuration is the default one.
 * @module
 */

import { join } from "node:path";
import { projectPaths } from "../../core/paths.ts";
import { createSandbox, type Sandbox } from "../../tests/support/cli.ts";
import { createGitRepo } from "../../tests/support/git_repo.ts";
import { startFakeAnthropic, text, toolUse } from "../../tests/support/fake_anthropic.ts";
import { byRole, planReply } from "../../tests/e2e/flow_fixture.ts";
import { ensureWorktree, removeWorktree } from "../../plugins/flows/worktrees.ts";

const LATENCY_MS = Number(Deno.env.get("BENCH_LATENCY_MS") ?? 300);
const WORKLOADS = (Deno.env.get("BENCH_DEV_TURNS") ?? "8,20").split(",").map(Number);
/** `once`: `worker --once` started after the task (as CI runs it); `running`: a worker already up (as `start` runs it). */
const WORKER = Deno.env.get("BENCH_FLOW_WORKER") === "running" ? "running" : "once";
const REPEAT = Number(Deno.env.get("BENCH_REPEAT") ?? 5);
const SUBTASKS = ["a", "b", "c", "d"];
const REPO = new URL("../..", import.meta.url).pathname;

interface FlowRun {
  wallMs: number;
  fanOutMs: number;
  state: string;
}

async function gitProject(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  await Deno.writeTextFile(
    join(sandbox.project, ".claude", "config.json"),
    JSON.stringify({ queue: { pollMs: 20 } }),
  );
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("initial", { "README.md": "# bench\n" });
  return sandbox;
}

function developerTurns(id: string, turns: number) {
  const file = `src/${id}.ts`;
  const replies = [toolUse("Write", { file_path: file, content: `export const ${id} = 1;\n` })];
  while (replies.length < turns - 1) replies.push(toolUse("Read", { file_path: file }));
  return [...replies, text(`wrote ${file}`)];
}

async function cli(sandbox: Sandbox, args: string[], env: Record<string, string> = {}) {
  const result = await sandbox.run(args, { env });
  if (result.code !== 0) throw new Error(`${args.join(" ")}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

async function runFlow(width: number, devTurns: number): Promise<FlowRun> {
  const sandbox = await gitProject();
  const fake = await startFakeAnthropic({
    latencyMs: LATENCY_MS,
    responder: byRole((role) => {
      if (role.kind === "architect") {
        return [
          planReply(SUBTASKS.map((id) => ({ id, title: `module ${id}`, owns: [`src/${id}.ts`] }))),
        ];
      }
      if (role.kind === "developer") return developerTurns(role.subtask, devTurns);
      return undefined;
    }),
  });
  const env = { ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: fake.url };
  const worker = WORKER === "running" ? sandbox.spawn(["worker", "--json"], { env }) : undefined;
  try {
    if (worker) await until(() => exists(join(sandbox.project, ".claude", "state", "queue.db")));
    const created = JSON.parse(
      await cli(sandbox, [
        "task",
        "create",
        "--pipeline",
        "software",
        "--width",
        String(width),
        "--input",
        "add a-d",
        "--json",
      ]),
    );
    const started = performance.now();
    const createdAt = Date.now();
    if (!worker) await cli(sandbox, ["worker", "--once", "--json"], env);
    const show = async () =>
      JSON.parse(await cli(sandbox, ["flow", "show", created.flow, "--json"]));
    if (worker) await until(async () => (await show()).state !== "running");
    const view = await show();
    // A running worker: from the task's creation to its last job's end, read from the queue.
    const wallMs = worker
      ? Math.max(...view.jobs.map((j: { finishedAt: number }) => j.finishedAt)) - createdAt
      : performance.now() - started;
    // deno-lint-ignore no-explicit-any
    const developers = view.jobs.filter((job: any) => job.node.startsWith("dev-"));
    // deno-lint-ignore no-explicit-any
    const fanOutMs = Math.max(...developers.map((j: any) => j.finishedAt)) -
      // deno-lint-ignore no-explicit-any
      Math.min(...developers.map((j: any) => j.startedAt));
    return { wallMs, fanOutMs, state: view.state };
  } finally {
    if (worker) {
      worker.kill("SIGTERM");
      await worker.output();
    }
    await fake.close();
    await sandbox.cleanup();
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Polls `check` every 20 ms (a minute at most). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the flow did not end within a minute");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function git(cwd: string, args: string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command("git", {
    args,
    cwd,
    stderr: "piped",
    stdout: "null",
  })
    .output();
  if (!success) throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
}

async function worktreeCost(): Promise<{ worktreeMs: number; archiveMs: number; files: number }> {
  const base = await Deno.makeTempDir({ prefix: "sa-bench-flows-" });
  const clone = join(base, "repo");
  try {
    await git(base, ["clone", "-q", "--no-hardlinks", REPO, clone]);
    const head = new TextDecoder().decode(
      (await new Deno.Command("git", { args: ["rev-parse", "HEAD"], cwd: clone, stdout: "piped" })
        .output()).stdout,
    ).trim();
    const files = new TextDecoder().decode(
      (await new Deno.Command("git", { args: ["ls-files"], cwd: clone, stdout: "piped" }).output())
        .stdout,
    ).trim().split("\n").length;
    const paths = projectPaths(clone);
    const worktree = {
      path: join(clone, ".claude", "worktrees", "flow_bench", "dev-a"),
      branch: "super-agents/flow_bench/dev-a",
    };
    const worktreeTimes: number[] = [];
    const archiveTimes: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      let t = performance.now();
      await ensureWorktree(paths, worktree, head, { reset: false });
      await removeWorktree(paths, worktree, { deleteBranch: true });
      worktreeTimes.push(performance.now() - t);
      const target = join(base, `copy-${i}`);
      await Deno.mkdir(target);
      t = performance.now();
      const archive = new Deno.Command("sh", {
        args: ["-c", `git archive HEAD | tar -x -C '${target}'`],
        cwd: clone,
      });
      if (!(await archive.output()).success) throw new Error("git archive | tar failed");
      await Deno.remove(target, { recursive: true });
      archiveTimes.push(performance.now() - t);
    }
    return { worktreeMs: median(worktreeTimes), archiveMs: median(archiveTimes), files };
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

console.log(
  `4-subtask flow, ${LATENCY_MS} ms per reply, +4 single-turn steps (pm, architect, reviewer, ` +
    `test executor), default config, ${
      WORKER === "running" ? "a worker already running (as start runs it)" : "worker --once"
    }:`,
);
for (const devTurns of WORKLOADS) {
  const parallel = await runFlow(SUBTASKS.length, devTurns);
  const serial = await runFlow(1, devTurns);
  for (const [name, run] of [["parallel", parallel], ["serial", serial]] as const) {
    if (run.state !== "ready") throw new Error(`the ${name} flow ended ${run.state}`);
  }
  const whole = serial.wallMs / parallel.wallMs;
  // The single-turn steps run one after another in both; the developers' turns overlap only at
  // width 4.
  const idealWhole = (4 + SUBTASKS.length * devTurns) / (4 + devTurns);
  const fanOut = serial.fanOutMs / parallel.fanOutMs;
  console.log(
    `  ${devTurns} turns per developer, whole flow: --width 4 ${
      (parallel.wallMs / 1000).toFixed(2)
    } s vs --width 1 ${(serial.wallMs / 1000).toFixed(2)} s (${whole.toFixed(2)}× faster, ` +
      `ideal for this workload ${idealWhole.toFixed(2)}×; goal ≥ 3×: ${
        whole >= 3 ? "met" : "missed"
      })`,
  );
  console.log(
    `  ${devTurns} turns per developer, fan-out (first developer start → last developer end): ${
      (parallel.fanOutMs / 1000).toFixed(2)
    } s vs ${(serial.fanOutMs / 1000).toFixed(2)} s (${fanOut.toFixed(2)}×; ideal 4×)`,
  );
}
const cost = await worktreeCost();
console.log(
  `worktree create + remove (with branch), clone of this repository (${cost.files} files), median of ${REPEAT}: ` +
    `${cost.worktreeMs.toFixed(0)} ms vs git archive | tar -x of the same tree ${
      cost.archiveMs.toFixed(0)
    } ms ` +
    `(${(cost.worktreeMs / cost.archiveMs).toFixed(2)}×)`,
);
