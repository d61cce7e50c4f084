/**
 * Start-up benchmark: a fresh process of `super-agents --version`,
 * `super-agents status` (in an initialised temp project) and `config get
 * km.portMin` (the path that loads zod and the config layers), each against
 * `deno run` of an empty script measured in the same run; `status` twice:
 * `deno run` with the launcher's flags, and the launcher `scripts/install.ts`
 * writes (a `/bin/sh` script that execs the same), which is what a user
 * types. Median of 20 interleaved runs each, printed in ms and as a ratio to
 * the empty script. Goal: status ≤ 1.5× the empty script. (`status` falls back to `config get`
 * when no status command is registered; the output says which.)
 * @module
 */

import { join } from "node:path";
import { lightCommands } from "../../main.ts";
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

  const hasStatus = lightCommands.some((entry) => entry.name === "status");
  const cases: [string, string[]][] = [
    ["deno run empty.ts (reference)", ["run", "-A", "--quiet", empty]],
    ["super-agents --version", [...denoFlags, main, "--version"]],
    hasStatus
      ? ["super-agents status", [...denoFlags, main, "status"]]
      : ["super-agents config get km.portMin (no status command yet)", [
        ...denoFlags,
        main,
        "config",
        "get",
        "km.portMin",
      ]],
    ["super-agents config get km.portMin", [...denoFlags, main, "config", "get", "km.portMin"]],
    ...(hasStatus
      ? [["super-agents status, through the installed launcher", [launcher, "status"]]] as [
        string,
        string[],
      ][]
      : []),
  ];
  const unique = cases.filter((c, i) => cases.findIndex((d) => d[0] === c[0]) === i);
  for (const [, args] of unique) await run(args, project, fullEnv); // warm the module cache
  const times = new Map<string, number[]>(unique.map(([name]) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of unique) times.get(name)!.push(await run(args, project, fullEnv));
  }
  const reference = median(times.get(unique[0][0])!);
  console.log(
    `cold start, median of ${RUNS} runs each (${Deno.build.os}, deno ${Deno.version.deno})`,
  );
  for (const [name] of unique) {
    const value = median(times.get(name)!);
    console.log(
      `  ${name.padEnd(58)} ${value.toFixed(1).padStart(7)} ms  ${(value / reference).toFixed(2)}×`,
    );
  }
  const statusNames = [unique[2][0], ...(hasStatus ? [unique[unique.length - 1][0]] : [])];
  for (const [i, name] of statusNames.entries()) {
    const ratio = median(times.get(name)!) / reference;
    console.log(
      `goal: ${hasStatus ? "status" : "config get"}${
        i === 1 ? " (launcher)" : ""
      } ≤ 1.50× the empty script → ${ratio.toFixed(2)}× ${ratio <= 1.5 ? "(met)" : "(NOT met)"}`,
    );
  }
} finally {
  await Deno.remove(base, { recursive: true });
}
