/**
 * `super-agents ci init github|gitlab|jenkins|azure`: writes a working
 * pipeline for that CI system — Deno installed from npm and cached, the
 * change check with its report uploaded where the system shows it (SARIF to
 * GitHub code scanning, JUnit elsewhere), and the test runner sharded across
 * parallel jobs. An existing file is only replaced with `--force`.
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../../core/atomic_file.ts";
import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  numberFlag,
  stringFlag,
} from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import { repoRoot } from "../local_checks/git_command.ts";
import { azurePipeline } from "./azure.ts";
import { githubWorkflow } from "./github.ts";
import { gitlabPipeline } from "./gitlab.ts";
import { jenkinsPipeline } from "./jenkins.ts";
import {
  defaultPipelineOptions,
  type GeneratedFile,
  type PipelineOptions,
} from "./pipeline_options.ts";

/** The CI systems and their generators. */
export const GENERATORS: Record<string, (options: PipelineOptions) => GeneratedFile> = {
  github: githubWorkflow,
  gitlab: gitlabPipeline,
  jenkins: jenkinsPipeline,
  azure: azurePipeline,
};

function optionsOf(args: CommandArgs): PipelineOptions {
  const options = defaultPipelineOptions();
  const shards = numberFlag(args, "shards");
  if (shards !== undefined) options.shards = shards;
  const branch = stringFlag(args, "branch");
  if (branch !== undefined) {
    if (!/^[\w./-]+$/.test(branch)) {
      throw new UsageError(`--branch "${branch}" is not a branch name`, "e.g. --branch main");
    }
    options.branch = branch;
  }
  const source = stringFlag(args, "source");
  if (source !== undefined) {
    if (!/^(?:jsr:|npm:|https:\/\/)\S+$/.test(source)) {
      throw new UsageError(
        `--source "${source}" is not a jsr:, npm: or https: specifier`,
        "e.g. --source jsr:@super-agents/cli@0.1.0",
      );
    }
    options.source = source;
  }
  return options;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function projectRoot(ctx: Context): Promise<string> {
  try {
    return await repoRoot(ctx.cwd);
  } catch (error) {
    if (error instanceof SuperAgentsError && error.code === "GIT_FAILED") return ctx.cwd; // not a repository yet
    throw error;
  }
}

const init = defineCommand({
  name: "init",
  summary: "write the pipeline file for a CI system",
  positionals: [{
    name: "system",
    description: Object.keys(GENERATORS).join(" | "),
    required: true,
  }],
  flags: {
    force: { type: "boolean", description: "replace an existing pipeline file" },
    shards: {
      type: "integer",
      min: 1,
      max: 64,
      example: "4",
      description: "<n> parallel test-executor-check jobs (default 4)",
    },
    branch: { type: "string", description: "<name> default branch (default main)" },
    source: { type: "string", description: "<specifier> what CI installs as super-agents" },
    stdout: { type: "boolean", description: "print the pipeline instead of writing it" },
  },
  examples: [
    "super-agents ci init github",
    "super-agents ci init gitlab --shards 8",
    "super-agents ci init jenkins --branch trunk --force",
    "super-agents ci init azure --stdout",
  ],
  async run(ctx, args) {
    const system = args.positionals[0];
    const generate = GENERATORS[system];
    if (!generate) {
      throw new UsageError(
        `unknown CI system "${system}"`,
        `use one of ${Object.keys(GENERATORS).join(", ")}`,
      );
    }
    const file = generate(optionsOf(args));
    if (booleanFlag(args, "stdout")) {
      ctx.stdout.write(file.content);
      return;
    }
    const path = join(await projectRoot(ctx), file.path);
    if (await exists(path) && !booleanFlag(args, "force")) {
      throw new SuperAgentsError("CI_FILE_EXISTS", `${path} already exists`, {
        hint: "merge by hand (see `super-agents ci init " + system +
          " --stdout`) or rerun with --force",
      });
    }
    await writeFileAtomic(path, file.content);
    ctx.stdout.write(ctx.json ? JSON.stringify({ system, path }) + "\n" : `wrote ${path}\n`);
  },
});

/** The `ci` command. */
export const command = defineCommand({
  name: "ci",
  summary: "generate CI pipelines (GitHub Actions, GitLab, Jenkins, Azure)",
  subcommands: { init },
  examples: ["super-agents ci init github"],
});
