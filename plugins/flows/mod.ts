/**
 * The `flows` plugin's manifest: parallel development in git worktrees.
 * `task create --pipeline software` in a git repository fans the task out
 * into the architect's subtasks, one developer per subtask in its own
 * worktree, merges their branches onto one integration branch (conflicts go
 * to a resolution job), reviews and tests that branch, and leaves it as the
 * flow's result; `flow show|apply|discard` inspect, land or drop it. Data
 * only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "flows",
  version: "1.0.0",
  kind: "integration",
  summary: "parallel flows: subtasks in their own git worktrees, merged into one branch",
  permissions: { read: true, write: true, run: ["git"] },
  commands: [{
    name: "flow",
    summary: "show, apply or discard the result of a parallel flow",
    module: new URL("./flow_command.ts", import.meta.url),
  }],
  jobHooks: [{ name: "worktrees", module: new URL("./job_hooks.ts", import.meta.url) }],
  pipelines: [{ name: "software", module: new URL("./pipeline.ts", import.meta.url) }],
  config: { section: "flows", module: new URL("./config.ts", import.meta.url) },
});
