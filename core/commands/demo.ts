/**
 * `super-agents demo` (what `deno task start` runs): creates a throw-away
 * project, initialises it, shows what was created, the resolved
 * configuration and the project's status, then removes it (unless
 * `--keep`). Uses its own data home so the user's project index is untouched.
 * It runs whichever of the follow-up commands exist, so it grows with them.
 * @module
 */

import { join } from "node:path";
import { booleanFlag, defineCommand } from "../cli/command.ts";
import { parseCommandArgs } from "../cli/dispatch.ts";
import { styles } from "../cli/style.ts";
import type { Context } from "../context.ts";
import { errorMessage, SuperAgentsError } from "../errors.ts";
import { initProject } from "../project/init_project.ts";
import { formatSteps } from "../project/steps_report.ts";
import { coreCommands } from "./index.ts";

/** Runs a registered core command in-process with `ctx`; `undefined` when it does not exist. */
async function runIfPresent(
  ctx: Context,
  name: string,
  argv: string[],
): Promise<number | undefined> {
  const entry = coreCommands.find((candidate) => candidate.name === name);
  if (!entry) return undefined;
  let { command } = await entry.load();
  const path = [name];
  const sub = command.subcommands?.[argv[0]];
  if (sub) {
    command = sub;
    path.push(argv[0]);
    argv = argv.slice(1);
  }
  if (!command.run) return undefined;
  return (await command.run(ctx, parseCommandArgs(command, path, argv))) ?? 0;
}

async function demo(ctx: Context, keep: boolean): Promise<number> {
  const s = styles(ctx.color);
  const base = await Deno.makeTempDir({ prefix: "super-agents-demo-" });
  const project = join(base, "demo-project");
  await Deno.mkdir(project);
  await Deno.writeTextFile(join(project, "CLAUDE.md"), "# Demo project\n\nNotes of the team.\n");
  const demoCtx: Context = { ...ctx, cwd: project, dataHome: join(base, "data-home") };
  try {
    ctx.stdout.write(`${s.bold("1. init")} in a new project ${project}\n`);
    const result = await initProject(demoCtx, project);
    const changes = result.steps.filter((step) => step.kind !== "keep");
    ctx.stdout.write(formatSteps(changes, ctx.color));
    ctx.stdout.write(`   ${changes.length} changes, recorded in .claude/manifest.json\n\n`);

    ctx.stdout.write(`${s.bold("2. init again")} (must be a no-op)\n`);
    const again = await initProject(demoCtx, project);
    ctx.stdout.write(
      `   ${again.changed ? "changed something (unexpected)" : "nothing to do"}\n\n`,
    );

    ctx.stdout.write(
      `${s.bold("3. configuration")} of the Knowledge Manager (\`config get km\`)\n`,
    );
    await runIfPresent(demoCtx, "config", ["get", "km"]).catch((error) => {
      throw new SuperAgentsError("DEMO_FAILED", `config list failed: ${errorMessage(error)}`);
    });
    ctx.stdout.write("\n");

    ctx.stdout.write(`${s.bold("4. status")}\n`);
    try {
      const code = await runIfPresent(demoCtx, "status", []);
      if (code === undefined) ctx.stdout.write("   (the status command is not available yet)\n");
      else {ctx.stdout.write(
          `   status exit code ${code} (3 = KM stopped, as expected in a new project)\n`,
        );}
    } catch (error) {
      // The demo reports a failing status instead of aborting: it is what the user came to see.
      ctx.stdout.write(`   status failed: ${errorMessage(error)}\n`);
    }
    ctx.stdout.write(
      `\nTry it in your own project: ${s.bold("cd <your repo> && super-agents init")}\n`,
    );
  } finally {
    if (keep) ctx.stdout.write(`\nKept the demo project at ${project}\n`);
    else await Deno.remove(base, { recursive: true });
  }
  return 0;
}

/** The `demo` command. */
export const command = defineCommand({
  name: "demo",
  summary: "init a throw-away project and show what super-agents sets up",
  flags: { keep: { type: "boolean", description: "keep the demo project instead of deleting it" } },
  examples: ["super-agents demo", "super-agents demo --keep"],
  run: (ctx, args) => demo(ctx, booleanFlag(args, "keep")),
});
