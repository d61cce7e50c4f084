/**
 * Containment benchmark: the cost of starting a child process inside a
 * job's bubblewrap sandbox (`containedCommand`, with the mounts of the
 * shipped developer-agent grants — read and write `.`, its program list,
 * the credential store masked) next to a plain `Deno.Command` of the same
 * program, interleaved in one run (`git --version` and `true`, 100 rounds
 * each). Also the parent's cost of building a job's sandbox. Goal: ≤ 10 ms
 * extra per child process.
 * @module
 */

import { join } from "node:path";
import { containedCommand } from "../../core/pool/contained_command.ts";
import { detectContainment } from "../../core/pool/containment.ts";
import { jobSandbox } from "../../core/pool/job_sandbox.ts";
import { workerPermissions } from "../../core/pool/sandbox.ts";

const ROUNDS = 100;
const containment = detectContainment((name) => Deno.env.get(name));
if (containment.kind !== "bubblewrap") {
  console.error(`containment: bubblewrap is not available here (${containment.kind})`);
  Deno.exit(1);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "super-agents-bench-" }));
try {
  const root = join(base, "project");
  const home = join(base, "home", ".super-agents");
  for (const dir of [join(root, ".git"), join(root, ".claude", "agents"), home]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  const run = ["deno", "node", "npm", "npx", "python3", "pytest", "go", "cargo", "make", "git"];
  const place = {
    root,
    workspacesDir: join(root, ".claude", "workspaces"),
    modelApiHost: "api.anthropic.com",
    containment: () => containment,
  };
  const build = () =>
    jobSandbox({
      root,
      permissions: workerPermissions({ read: ["."], write: ["."], run }, place, []),
      run,
      containment,
      masks: [home],
      path: Deno.env.get("PATH"),
    });
  const buildTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    build();
    buildTimes.push(performance.now() - started);
  }
  const sandbox = build();
  for (const [program, args] of [["git", ["--version"]], ["true", []]] as const) {
    const sb = program === "true" ? { ...sandbox, run: [...run, "true"] } : sandbox;
    const plain: number[] = [];
    const contained: number[] = [];
    for (let i = 0; i < ROUNDS + 5; i++) {
      let started = performance.now();
      const a = await new Deno.Command(program, { args: [...args], stdout: "null", stderr: "null" })
        .output();
      const plainMs = performance.now() - started;
      started = performance.now();
      const b = await containedCommand(sb, program, [...args], { stdout: "null", stderr: "null" })
        .output();
      const containedMs = performance.now() - started;
      if (!a.success || !b.success) throw new Error(`${program} failed (${a.code}, ${b.code})`);
      if (i >= 5) { // the first rounds warm the page cache
        plain.push(plainMs);
        contained.push(containedMs);
      }
    }
    const p50 = percentile(contained, 0.5) - percentile(plain, 0.5);
    console.log(
      `spawn ${program.padEnd(4)}: contained p50 ${percentile(contained, 0.5).toFixed(2)} ms ` +
        `(p95 ${percentile(contained, 0.95).toFixed(2)}) vs plain p50 ` +
        `${percentile(plain, 0.5).toFixed(2)} ms (p95 ${percentile(plain, 0.95).toFixed(2)}): ` +
        `+${p50.toFixed(2)} ms per child (goal ≤ 10 ms: ${p50 <= 10 ? "met" : "MISSED"})`,
    );
  }
  console.log(
    `job sandbox build (parent, per job with a run grant): p50 ${
      percentile(buildTimes, 0.5).toFixed(3)
    } ms, p95 ${percentile(buildTimes, 0.95).toFixed(3)} ms`,
  );
} finally {
  await Deno.remove(base, { recursive: true });
}
