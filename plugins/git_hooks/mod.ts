/**
 * The `git-hooks` plugin: installs the hooks (`hooks install|uninstall|status`)
 * and runs them (`hook <name>`): the pre-commit gate, the commit-message
 * scan, pre-push checks, and agents queued after commits and merges.
 * Settings live in the `hooks` config section.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";

export default definePlugin({
  name: "git-hooks",
  kind: "integration",
  version: "1.0.0",
  summary: "git hooks: pre-commit gate, queued post-commit agents, pre-push checks",
  options: z.object({}),
  defaults: {},
  setup(ctx) {
    ctx.registerCommand({
      name: "hooks",
      summary: "install, remove or inspect the git hooks",
      load: () => import("./hooks_command.ts"),
    });
    ctx.registerCommand({
      name: "hook",
      summary: "run one git hook (called by the installed hooks)",
      load: () => import("./hook_command.ts"),
      hidden: true,
    });
  },
});
