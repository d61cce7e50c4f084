/**
 * The sandbox of an agent that runs in the CLI's own process (a local agent
 * run with `super-agents run`): the programs it starts on the project's
 * behalf — the test runner's test command — get the same OS containment and
 * grants as they would in a pool worker.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import type { ProjectPaths } from "../core/paths.ts";
import { denoCacheDir, detectContainment } from "../core/pool/containment.ts";
import { type JobSandbox, jobSandbox } from "../core/pool/job_sandbox.ts";
import { containmentOf, workerPermissions } from "../core/pool/sandbox.ts";
import type { AgentDefinition } from "./definition.ts";
import { agentSandbox } from "./sandbox_spec.ts";

/**
 * The job sandbox of `agent` run in this process.
 *
 * @example
 * ```ts
 * const sandbox = inProcessSandbox(ctx, paths, config, agent);
 * await containedCommand(sandbox, "deno", ["test"]).output();
 * ```
 */
export function inProcessSandbox(
  ctx: Context,
  paths: ProjectPaths,
  config: Config,
  agent: AgentDefinition,
): JobSandbox {
  const place = {
    root: paths.root,
    workspacesDir: paths.workspaces,
    modelApiHost: config.pool.modelApiHost,
    masks: [ctx.dataHome],
    containment: () => detectContainment(ctx.env),
  };
  const spec = agentSandbox(agent.permissions, { hosts: [], env: [] });
  const run = agent.permissions.run;
  return jobSandbox({
    root: paths.root,
    permissions: workerPermissions({ ...spec, workspace: false }, place, []),
    run,
    containment: run === false
      ? { kind: "unavailable", reason: "the agent may not start programs" }
      : containmentOf(place),
    masks: place.masks,
    path: ctx.env("PATH"),
    denoDir: denoCacheDir(ctx.env, ctx.home),
  });
}
