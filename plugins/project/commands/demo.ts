/**
 * `super-agents demo` (what `deno task start` runs): the main job end to end
 * in a throw-away git project, through the real CLI as subprocesses, so what
 * it shows is exactly what a user gets. init with hooks, start the KM, save
 * and search knowledge over MCP, a staged secret blocked by the pre-commit
 * gate, a clean commit whose post-commit hook queues the local agents, a
 * supervised worker that runs them, the queue, the verified event chain, the trace of
 * the commit, status, stop. Needs no API key. Uses its own data home so the
 * user's project index is untouched; removes everything unless `--keep`.
 * @module
 */

import { join } from "node:path";
import { booleanFlag, defineCommand } from "../../../core/cli/command.ts";
import { styles } from "../../../core/cli/style.ts";
import type { Context } from "../../../core/context.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { gitCommand } from "../../../core/git_policy.ts";
import { runSelf, type SelfCommandResult, selfLaunch } from "../../../core/self_command.ts";
import { demoNextStep } from "../demo_next_step.ts";

const APP = `/** A tiny module the demo commits. */
export function greet(name: string): string {
  return \`hello, \${name}\`;
}
`;

// Assembled at run time so this source file itself never holds a key-shaped string.
const FAKE_AWS_KEY = ["AKIA", "Z7QW", "3XK5", "PL2M", "N4RT"].join("");

interface DemoRun {
  ctx: Context;
  project: string;
  env: Record<string, string>;
  step: number;
}

/**
 * git in the demo's own throw-away repository, in the user's git setup: its
 * commit must run the hooks the demo installed, with the user's environment.
 */
async function git(project: string, args: string[]): Promise<string> {
  const output = await gitCommand(project, args, { scope: "user" }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  if (!output.success) {
    throw new SuperAgentsError("DEMO_FAILED", `git ${args.join(" ")} failed: ${text.trim()}`, {
      hint: "the demo needs git on PATH (git --version)",
    });
  }
  return text;
}

/** Runs one CLI step, prints the command and (an excerpt of) its output. */
async function cli(
  run: DemoRun,
  title: string,
  args: string[],
  expect: (result: SelfCommandResult) => boolean = (result) => result.code === 0,
  maxLines = 12,
): Promise<SelfCommandResult> {
  const s = styles(run.ctx.color);
  run.step++;
  run.ctx.stdout.write(
    `\n${s.bold(`${run.step}. ${title}`)}\n${s.dim(`$ super-agents ${args.join(" ")}`)}\n`,
  );
  const result = await runSelf(args, run.project, run.env);
  const text = (result.stdout + result.stderr).trimEnd().split("\n");
  const shown = text.length > maxLines
    ? [...text.slice(0, maxLines), `… (${text.length - maxLines} more lines)`]
    : text;
  run.ctx.stdout.write(shown.map((line) => `  ${line}`).join("\n") + "\n");
  if (!expect(result)) {
    throw new SuperAgentsError(
      "DEMO_FAILED",
      `step ${run.step} (super-agents ${args.join(" ")}) ended with exit code ${result.code}`,
      { hint: "rerun with `super-agents demo --keep` and try the command in the kept project" },
    );
  }
  return result;
}

/** Waits (bounded) until the supervised worker `start` launched has finished the queued jobs. */
async function settled(run: DemoRun, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; Date.now() < deadline; delay = Math.min(delay * 2, 1_000)) {
    const result = await runSelf(["queue", "stats", "--json"], run.project, run.env);
    const stats = result.code === 0 ? JSON.parse(result.stdout) : undefined;
    const waiting = stats ? stats.byState.queued + stats.byState.delayed + stats.byState.leased : 1;
    if (waiting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new SuperAgentsError(
    "DEMO_FAILED",
    `the supervised worker did not finish the queued jobs within ${timeoutMs / 1000} s`,
    { hint: "rerun with `super-agents demo --keep` and read .claude/logs/worker.log" },
  );
}

async function commitCorrelationId(run: DemoRun): Promise<string | undefined> {
  const result = await runSelf(
    ["events", "query", "--type", "git.*", "--limit", "1", "--json"],
    run.project,
    run.env,
  );
  const line = result.stdout.trim().split("\n").filter(Boolean).pop();
  if (!line) return undefined;
  const parsed = JSON.parse(line);
  const event = Array.isArray(parsed) ? parsed[parsed.length - 1] : parsed;
  return event?.correlation_id;
}

async function demo(ctx: Context, keep: boolean): Promise<number> {
  const s = styles(ctx.color);
  const base = await Deno.makeTempDir({ prefix: "super-agents-demo-" });
  const project = join(base, "demo-project");
  const run: DemoRun = {
    ctx,
    project,
    env: { SUPER_AGENTS_HOME: join(base, "data-home") },
    step: 0,
  };
  let started = false;
  try {
    await Deno.mkdir(join(project, "src"), { recursive: true });
    await Deno.writeTextFile(join(project, "src/app.ts"), APP);
    await Deno.writeTextFile(join(project, "CLAUDE.md"), "# Demo project\n\nNotes of the team.\n");
    await git(project, ["init", "-q", "-b", "main"]);
    await git(project, ["config", "user.email", "demo@example.invalid"]);
    await git(project, ["config", "user.name", "super-agents demo"]);
    ctx.stdout.write(`${s.bold("super-agents demo")} in ${project}\n`);

    await cli(run, "set the project up, with git hooks", ["init", "--hooks"], undefined, 8);
    started = true;
    await cli(run, "start the project's Knowledge Manager", ["start"]);
    await cli(
      run,
      "save a decision through the MCP tools",
      [
        "mcp",
        "call",
        "knowledge_save",
        "--args",
        JSON.stringify({
          title: "Greeting format",
          content: "Greetings are lower case and use a comma: hello, name.",
          type: "decision",
          tags: ["style"],
        }),
      ],
      undefined,
      4,
    );
    await cli(
      run,
      "search the knowledge base (FTS5, BM25 ranking)",
      [
        "mcp",
        "call",
        "knowledge_query",
        "--args",
        JSON.stringify({ q: "greeting comma" }),
      ],
      undefined,
      6,
    );

    await Deno.writeTextFile(
      join(project, "src/config.ts"),
      `export const awsKey = "${FAKE_AWS_KEY}";\n`,
    );
    await git(project, ["add", "--", "src/config.ts"]);
    await cli(
      run,
      "a staged AWS key: the pre-commit gate blocks it",
      ["check", "--staged"],
      (result) => result.code === 1,
    );
    await Deno.writeTextFile(
      join(project, "src/config.ts"),
      `export const awsKey = Deno.env.get("AWS_ACCESS_KEY_ID");\n`,
    );
    await git(project, ["add", "-A"]);
    run.step++;
    ctx.stdout.write(
      `\n${s.bold(`${run.step}. commit the fixed change`)}\n${
        s.dim('$ git commit -m "add the app"')
      }\n`,
    );
    const committed = await git(project, ["commit", "-q", "-m", "add the app"]);
    if (committed.trim()) {
      ctx.stdout.write(committed.trimEnd().split("\n").map((l) => `  ${l}`).join("\n") + "\n");
    }
    ctx.stdout.write("  committed; the post-commit hook queued the local agents\n");

    await settled(run);
    await cli(run, "the supervised worker ran the queued agents in sandboxed Web Workers", [
      "task",
      "list",
    ]);
    await cli(run, "the queue", ["queue", "stats"]);
    await cli(run, "the hash-chained event log verifies", ["events", "verify"]);
    const correlationId = await commitCorrelationId(run);
    if (correlationId) {
      await cli(
        run,
        "everything the commit caused, as a tree",
        ["trace", correlationId],
        undefined,
        20,
      );
    }
    await cli(run, "status", ["status"], (result) => result.code === 0);
    await cli(run, "stop the KM", ["stop"]);
    started = false;
    const next = demoNextStep(ctx.env("PATH") ?? "", selfLaunch(), Deno.mainModule);
    ctx.stdout.write(
      `\n${s.green("done.")} Try it in your own project: ${s.bold(next.command)}\n` +
        (next.note ? `(${next.note})\n` : ""),
    );
    return 0;
  } finally {
    // The KM is a detached process: never leave it running behind a failed step.
    if (started) await runSelf(["stop"], project, run.env);
    if (keep) ctx.stdout.write(`\nKept the demo project at ${project}\n`);
    else await Deno.remove(base, { recursive: true });
  }
}

/** The `demo` command. */
export const command = defineCommand({
  name: "demo",
  summary: "run the whole workflow in a throw-away project (no API key needed)",
  flags: { keep: { type: "boolean", description: "keep the demo project instead of deleting it" } },
  examples: ["super-agents demo", "super-agents demo --keep"],
  run: (ctx, args) => demo(ctx, booleanFlag(args, "keep")),
});
