/**
 * Doctor check: the project's `.claude/` directories exist (state, events,
 * registry, logs, agents, triggers, workspaces). Missing ones are
 * repairable by `init`, which is non-destructive: it only adds what is
 * missing and backs up what it changes.
 * @module
 */

import { relative } from "node:path";
import { initProject } from "../project/init_project.ts";
import { defineCheck, type Finding } from "./check.ts";

const id = "project-dirs";

/** The check. */
export const check = defineCheck({
  id,
  title: "the project's .claude/ directories exist",
  async run(env): Promise<Finding[]> {
    if (!env.paths) return [];
    const { state, events, registry, logs, agents, triggers, workspaces } = env.paths;
    const missing: string[] = [];
    for (const dir of [state, events, registry, logs, agents, triggers, workspaces]) {
      try {
        if (!(await Deno.stat(dir)).isDirectory) missing.push(dir);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        missing.push(dir);
      }
    }
    if (missing.length === 0) {
      return [{ check: id, severity: "ok", message: "all .claude/ directories exist" }];
    }
    const names = missing.map((dir) => relative(env.paths!.root, dir)).join(", ");
    return [{
      check: id,
      severity: "warning",
      message: `missing project directories: ${names}`,
      fix: "super-agents init   (adds what is missing; keeps your files)",
      repairable: true,
    }];
  },
  async repair(env) {
    const result = await initProject(env.ctx, env.paths!.root);
    return `super-agents init: ${result.steps.length} step(s)${
      result.changed ? "" : ", nothing to do"
    }`;
  },
});
