/**
 * Start-up benchmark: a fresh process of `super-agents --version`,
 * `super-agents status` and `config get km.portMin` (the path that loads zod
 * and the config layers), each against `deno run` of an empty script
 * measured in the same run. `status` three ways: `deno run` with the
 * launcher's flags in a freshly initialised project; the launcher
 * `scripts/install.ts` writes (a `/bin/sh` script that execs the same), which
 * is what a user types; and in a project a worker has run a job in, where it
 * reads queue.db (the usual case). Median of 20 interleaved runs each,
 * printed in ms and as a ratio to the empty script. Goal: status ≤ 1.5× the
 * empty script.
 * @module
 */

import { join } from "node:path";
import { launcherScript } from "../install.ts";

const RUNS = 20;
const root = new URL("../../", import.meta.url).pathname;
const main = join(root, "main.ts");
const denoFlags = [
  "run",
  "-A",
  "--quiet",
  "--unstable-worker-options",
  "--no-prompt",
  "--cached-only",
  "--config",
  join(root, "deno.json"),
];

async function run(args: string[], cwd: string, env: Record<string, string>): Promise<number> {
  // A case whose first argument is a path runs that program (the launcher), not deno.
  const [program, rest] = args[0].startsWith("/")
    ? [args[0], args.slice(1)]
    : [Deno.execPath(), args];
  const started = performance.now();
  const { code, stderr } = await new Deno.Command(program, {
    args: rest,
    cwd,
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  // status exits 3 when the KM is stopped; anything else non-zero is a broken benchmark.
  if (code !== 0 && code !== 3) {
    throw new Error(`${args.join(" ")} exited ${code}: ${new TextDecoder().decode(stderr)}`);
  }
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const base = await Deno.makeTempDir({ prefix: "super-agents-bench-" });
try {
  const home = join(base, "home");
  const project = join(base, "project");
  await Deno.mkdir(home);
  await Deno.mkdir(project);
  const empty = join(base, "empty.ts");
  await Deno.writeTextFile(empty, "// intentionally empty\n");
  const env = { HOME: home, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", NO_COLOR: "1" };
  const denoDir = Deno.env.get("DENO_DIR");
  const fullEnv = denoDir ? { ...env, DENO_DIR: denoDir } : {
    ...env,
    DENO_DIR: join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
  };
  await run([...denoFlags, main, "init"], project, fullEnv);
  const launcher = join(base, "super-agents");
  await Deno.writeTextFile(
    launcher,
    launcherScript(Deno.execPath(), new URL(`file://${main}`), join(root, "deno.json")),
  );
  await Deno.chmod(launcher, 0o755);

  // A project in use: a worker has run a job, so status reads queue.db (counts and lanes).
  const used = join(base, "used");
  await Deno.mkdir(used);
  await run([...denoFlags, main, "init"], used, fullEnv);
  await run([...denoFlags, main, "task", "create", "noop", "--json"], used, fullEnv);
  await run([...denoFlags, main, "worker", "--once", "--json"], used, fullEnv);

  const cases: [string, string[], string][] = [
    ["deno run empty.ts (reference)", ["run", "-A", "--quiet", empty], project],
    ["super-agents --version", [...denoFlags, main, "--version"], project],
    ["super-agents status", [...denoFlags, main, "status"], project],
    ["super-agents status, through the installed launcher", [launcher, "status"], project],
    ["super-agents status, a project a worker has run in", [...denoFlags, main, "status"], used],
    ["super-agents config get km.portMin", [
      ...denoFlags,
      main,
      "config",
      "get",
      "km.portMin",
    ], project],
  ];
  for (const [, args, cwd] of cases) await run(args, cwd, fullEnv); // warm the module cache
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args, cwd] of cases) times.get(name)!.push(await run(args, cwd, fullEnv));
  }
  const reference = median(times.get(cases[0][0])!);
  console.log(
    `cold start, median of ${RUNS} runs each (${Deno.build.os}, deno ${Deno.version.deno})`,
  );
  for (const [name] of cases) {
    const value = median(times.get(name)!);
    console.log(
      `  ${name.padEnd(58)} ${value.toFixed(1).padStart(7)} ms  ${(value / reference).toFixed(2)}×`,
    );
  }
  for (const [name] of cases.filter(([name]) => name.startsWith("super-agents status"))) {
    const ratio = median(times.get(name)!) / reference;
    console.log(
      `goal: ${name.slice("super-agents ".length)} ≤ 1.50× the empty script → ` +
        `${ratio.toFixed(2)}× ${ratio <= 1.5 ? "(met)" : "(NOT met)"}`,
    );
  }
} finally {
  await Deno.remove(base, { recursive: true });
}
