/**
 * The pre-commit gate, timed as a committer feels it: the installed hook
 * script run from the shell (process start of the CLI included), on a repo
 * whose staged change modifies 20 and then 500 TypeScript modules (so every
 * check has work: the contract guardian compares each module's exports with
 * HEAD, the secret scan reads every line), with the event log on. Printed
 * next to the reference measured in the same run: `git diff --cached
 * --name-only` alone (the cost of asking git what is staged, process start
 * included). Also printed: the gate with a config override (which loads the
 * validated configuration) inline and in sandboxed Workers, and the load
 * average, since the machine is shared.
 * Goals: ≤ 400 ms for 20 files, ≤ 1.5 s for 500.
 * @module
 */

import { join } from "node:path";

const main = new URL("../../main.ts", import.meta.url).pathname;
const RUNS = 7;
const gitEnv = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const started = performance.now();
  const output = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { ...gitEnv, ...env },
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const ms = performance.now() - started;
  if (!output.success && cmd === "git") throw new Error(new TextDecoder().decode(output.stderr));
  return { ms, code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

/** A module of about 3.5 KB with ten exports, like an ordinary source file. */
function moduleSource(i: number, version: number): string {
  const lines = [`/** Module ${i}. */`, `import { helper } from "./helper.ts";`];
  for (let j = 0; j < 10; j++) {
    lines.push(
      `/** Computes value ${j} of module ${i}. */`,
      `export function compute${j}(input: number, options: { scale?: number } = {}): number {`,
      `  const scale = options.scale ?? ${j + 1};`,
      `  const label = \`module-${i}-${j}-v${version}\`;`,
      `  return helper(input * scale, label.length + ${version});`,
      `}`,
    );
  }
  lines.push(`export const MODULE_ID = "${crypto.randomUUID()}";`, `export type Id${i} = string;`);
  return lines.join("\n") + "\n";
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function benchmark(files: number) {
  const dir = await Deno.makeTempDir({ prefix: "precommit-bench-" });
  try {
    await run("git", ["init", "-q", "-b", "main"], dir);
    await run("git", ["config", "user.name", "bench"], dir);
    await run("git", ["config", "user.email", "bench@example.com"], dir);
    await Deno.mkdir(join(dir, ".claude"), { recursive: true });
    for (let i = 0; i < files; i++) {
      await Deno.mkdir(join(dir, `src/m${i % 20}`), { recursive: true });
      await Deno.writeTextFile(join(dir, `src/m${i % 20}/module_${i}.ts`), moduleSource(i, 1));
    }
    await run("git", ["add", "."], dir);
    await run("git", ["commit", "-q", "-m", "base"], dir);
    for (let i = 0; i < files; i++) {
      await Deno.writeTextFile(join(dir, `src/m${i % 20}/module_${i}.ts`), moduleSource(i, 2));
    }
    await run("git", ["add", "."], dir);
    const installed = await run(Deno.execPath(), [
      "run",
      "-A",
      "--cached-only",
      main,
      "hooks",
      "install",
    ], dir);
    if (installed.code !== 0) throw new Error(installed.stderr);
    const hook = join(dir, ".git/hooks/pre-commit");
    const reference: number[] = [];
    const gate: Record<string, number[]> = { default: [], inline: [], workers: [] };
    await run(hook, [], dir); // warm the module cache once, as any installed CLI would be
    for (let r = 0; r < RUNS; r++) {
      reference.push((await run("git", ["diff", "--cached", "--name-only"], dir)).ms);
      for (const mode of ["default", "inline", "workers"]) {
        const env: Record<string, string> = mode === "default"
          ? {}
          : { SUPER_AGENTS_CHECKS_SANDBOX: mode };
        const result = await run(hook, [], dir, env);
        if (result.code !== 0) throw new Error(`the gate blocked a clean change: ${result.stderr}`);
        gate[mode].push(result.ms);
      }
    }
    const bytes = files * moduleSource(0, 2).length;
    console.log(
      `${String(files).padStart(3)} staged files (${(bytes / 1024).toFixed(0)} KiB): ` +
        `hook ${median(gate.default).toFixed(0)} ms (default settings); with the config loaded ` +
        `(an override): inline ${median(gate.inline).toFixed(0)} ms, sandboxed Workers ` +
        `${median(gate.workers).toFixed(0)} ms; ` +
        `reference git diff --cached --name-only ${median(reference).toFixed(1)} ms ` +
        `(median of ${RUNS}; goal ${files <= 20 ? "≤ 400 ms" : "≤ 1500 ms"})`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

console.log(`load average before: ${Deno.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
await benchmark(20);
await benchmark(500);
console.log(`load average after: ${Deno.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
