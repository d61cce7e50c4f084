/**
 * Autonomy benchmarks, each next to a reference measured in the same run:
 * - `start` with the supervised worker (KM healthy and the first worker
 *   recorded) vs `start` of the KM alone (`worker.autostart` false), median
 *   of 5 interleaved rounds of the real CLI;
 * - one queued job done with nothing else run (the supervised worker claims
 *   it: enqueue → finished, from the job's own timestamps, median of 10) vs
 *   what the user had to do before, `super-agents worker --once` for the
 *   same job (wall time of the command, median of 10).
 * Goal: queued work finished by the supervised worker sooner than a manual
 * `worker --once` run.
 * @module
 */

import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;
const base = await Deno.makeTempDir({ prefix: "autonomy-bench-" });
const home = join(base, "home");
const project = join(base, "project");
await Deno.mkdir(home, { recursive: true });
await Deno.mkdir(project, { recursive: true });
const portMin = 30000 + Math.floor(Math.random() * 20000);
const env = {
  HOME: home,
  // The user's module cache, as after install (the CLI runs --cached-only).
  DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
  SUPER_AGENTS_PORT_MIN: String(portMin),
  SUPER_AGENTS_PORT_MAX: String(portMin + 50),
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function cli(args: string[], extra: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--unstable-worker-options", "--cached-only", main, ...args],
    cwd: project,
    env: { ...env, ...extra },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (!out.success) {
    throw new Error(`${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return elapsed;
}

try {
  await cli(["init", "--no-hooks"]);
  const withWorker: number[] = [];
  const kmAlone: number[] = [];
  for (let round = 0; round < 5; round++) {
    kmAlone.push(await cli(["start"], { SUPER_AGENTS_WORKER_AUTOSTART: "false" }));
    await cli(["stop"]);
    withWorker.push(await cli(["start"]));
    await cli(["stop"]);
  }
  console.log("start, median of 5 interleaved rounds");
  console.log(`  KM + supervised worker       ${ms(median(withWorker))}`);
  console.log(
    `  KM alone (reference)         ${ms(median(kmAlone))}  (${
      (median(withWorker) / median(kmAlone)).toFixed(2)
    }×)`,
  );

  const paths = projectPaths(project);
  const queue = await openQueue(paths, defaultConfig());
  try {
    const supervised: number[] = [];
    await cli(["start"]);
    for (let i = 0; i < 10; i++) {
      const { job } = await queue.enqueue({ agent: "noop", input: { task: `bench ${i}` } });
      for (let delay = 2;; delay = Math.min(delay * 2, 20)) {
        const current = await queue.get(job.id);
        if (current?.finishedAt) {
          if (current.state !== "succeeded") throw new Error(`job ${job.id}: ${current.state}`);
          supervised.push(current.finishedAt - current.createdAt);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    await cli(["stop"]);
    const manual: number[] = [];
    for (let i = 0; i < 10; i++) {
      await queue.enqueue({ agent: "noop", input: { task: `manual ${i}` } });
      manual.push(await cli(["worker", "--once"]));
    }
    console.log("one queued noop job done, median of 10");
    console.log(`  supervised worker (enqueue → finished)   ${ms(median(supervised))}`);
    console.log(
      `  worker --once run by hand (reference)    ${ms(median(manual))}  (${
        (median(manual) / median(supervised)).toFixed(1)
      }× longer)`,
    );
    const met = median(supervised) < median(manual);
    console.log(`goal: sooner than a manual worker --once → ${met ? "met" : "NOT met"}`);
  } finally {
    await queue.close();
  }
} finally {
  await cli(["stop"]).catch(() => {/* already stopped */});
  await Deno.remove(base, { recursive: true });
}
